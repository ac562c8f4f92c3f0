import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { simulate } from './simulate.js';
import { runCrew } from './test-support/run-crew.js';

const root = new URL('../../', import.meta.url).pathname;
const day = `${root}examples/hotspot/day.csv`;

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

describe('crew simulate', () => {
  it('prints the repo crew.yaml beside the static 10, the same twice over', async () => {
    const options = {
      config: `${root}crew.yaml`,
      static: [`${root}examples/hotspot/static-10.yaml`],
      expectMemory: '45MiB',
    };
    const first = capture();
    const second = capture();
    assert.equal(await simulate(day, options, first), 0);
    assert.equal(await simulate(day, options, second), 0);
    assert.equal(first.lines.join('\n'), second.lines.join('\n'));
    assert.match(first.lines[0]!, /^\s+crew\.yaml\s+static-10\.yaml$/);
    assert.match(first.lines[1]!, /^payments\s+wait p50\/p95\/max\s+[\d.]+\/[\d.]+\/[\d.]+ s\s/);
    const memory = first.lines.find((line) => line.startsWith('memory'))!;
    assert.match(memory, /^memory\s+peak\s+\d+ MiB\s+470 MiB$/);
    assert.match(first.lines.at(-1)!, /^decisions\s+\d+\s+0$/);
  });

  it('says which pools have no memory to simulate with', async () => {
    await assert.rejects(
      simulate(day, { config: `${root}crew.yaml` }, capture()),
      (error) =>
        isCrewError(error) &&
        error.code === 'CREW_USAGE' &&
        /no per-process memory for critical, routers, background/.test(error.message),
    );
  });

  it('runs from the command line, with JSON', async () => {
    const trace = `${root}examples/hotspot/day.csv`;
    const config = `${root}examples/hotspot/static-10.yaml`;
    const run = await runCrew(['simulate', trace, '-c', config, '--json'], root);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as {
      trace: string;
      configs: { label: string; decisions: number; memory: { peak_bytes: number } }[];
    };
    assert.equal(json.trace, 'day.csv');
    assert.deepEqual(
      json.configs.map((c) => [c.label, c.decisions, c.memory.peak_bytes / 1024 ** 2]),
      [['static-10.yaml', 0, 470]],
    );
  });
});
