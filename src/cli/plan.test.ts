import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfigOrThrow } from '../config/load.js';
import { listenControl } from '../control/server.js';
import type { StatsReport } from '../control/wire/memory.js';
import { isCrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { plan } from './plan.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'crew-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const trace = join(dir, 'trace.csv');
// A steady queue and a bursty one: 40 s of work at once every 2 minutes.
writeFileSync(
  trace,
  [
    'time,queue,jobs,service',
    ...Array.from({ length: 60 }, (_, i) => `${i * 10},steady,1,2`),
    ...Array.from({ length: 5 }, (_, i) => `${i * 120},bursty,20,2`),
  ].join('\n'),
);
const yaml = [
  '# two pools',
  'budget: 300MiB',
  'pools:',
  '  steady:',
  '    command: php artisan queue:work --queue=steady',
  '    processes: 3 # too many',
  '    expect_memory: 40MiB',
  '  bursty: { command: php artisan queue:work --queue=bursty, expect_memory: 40MiB, priority: 10, target_wait: 10s }',
  '',
].join('\n');
const config = join(dir, 'crew.yaml');
writeFileSync(config, yaml);

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line) };
}

describe('crew plan', () => {
  it('prints before and after per pool and writes crew.yaml with the ranges', async () => {
    const out = capture();
    const written = join(dir, 'planned.yaml');
    assert.equal(await plan({ config, from: trace, output: written }, out), 0);
    assert.match(out.lines[0]!, /^POOL\s+BEFORE\s+AFTER\s+PROCS avg\s+MiB avg\s+SAVED MiB/);
    assert.match(out.lines[1]!, /^steady\s+3\s+1\s+3\.0 → 1\.0\s+120 → 40\s+80\s/);
    assert.match(out.lines[2]!, /^bursty\s+1\s+1\.\.\d\s/);
    assert.equal(out.lines.at(-1), `wrote ${written}`);
    const text = readFileSync(written, 'utf8');
    assert.match(text, /^# two pools\n/);
    assert.match(text, /processes: 1 # too many\n/);
    const planned = loadConfigOrThrow(written).config;
    assert.equal(planned.pools.find((p) => p.name === 'bursty')?.autoscale?.min, 1);
  });

  it('takes the memory per process from the running daemon with --from-live', async () => {
    const socket = join(dir, 'live.sock');
    const live = join(dir, 'live.yaml');
    writeFileSync(
      live,
      yaml.replace('budget: 300MiB', `budget: 300MiB\ncontrol: { socket: ${socket} }`),
    );
    const stats = {
      pools: [
        { name: 'steady', processes: [{ pss_bytes: 20 * MiB }, { pss_bytes: 22 * MiB }] },
        { name: 'bursty', processes: [] },
      ],
    };
    const server = await listenControl(socket, {
      stats: async () => stats as unknown as StatsReport,
    });
    try {
      const out = capture();
      await plan({ config: live, from: trace, fromLive: true }, out);
      // steady: 3 processes at the measured 22 MiB before, 1 after.
      assert.match(out.lines[1]!, /^steady\s+3\s+1\s+3\.0 → 1\.0\s+66 → 22\s+44\s/);
    } finally {
      await server.close();
    }
  });

  it('needs a trace', async () => {
    await assert.rejects(
      plan({ config }, capture()),
      (error) => isCrewError(error) && error.code === 'CREW_USAGE',
    );
  });
});
