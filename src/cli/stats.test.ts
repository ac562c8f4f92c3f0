import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { StatsReport } from '../control/wire/memory.js';
import { runCrew, startCrew } from './test-support/run-crew.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'crew-stats-'));
const allocate = new URL('../memory/fixtures/allocate.js', import.meta.url).pathname;
const file = join(dir, 'crew.yaml');
writeFileSync(
  file,
  `budget: 400MiB
sample_interval: 200ms
pools:
  fat:
    command: ${JSON.stringify([process.execPath, allocate, '48'])}
    processes: 2
    startsecs: 100ms
  thin:
    command: ${JSON.stringify([process.execPath, '-e', 'setInterval(() => {}, 1e9)'])}
    startsecs: 100ms
`,
);
const daemon = startCrew(file, dir);
after(async () => {
  if (daemon.child.exitCode === null) daemon.child.kill('SIGTERM');
  await daemon.exited;
  rmSync(dir, { recursive: true, force: true });
});

test('crew stats: the container, each pool measured, crew itself, other and the budget', async () => {
  await daemon.waitForLog(
    /fat_01 \| ready[\s\S]*fat_00 \| ready|fat_00 \| ready[\s\S]*fat_01 \| ready/,
  );
  await daemon.waitForLog('thin_00 entered RUNNING');
  // The sampler reads PSS in full for a process on its first tick; wait for one after "ready".
  let report: StatsReport;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await runCrew(['-c', file, 'stats', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    report = JSON.parse(run.stdout) as StatsReport;
    const fat = report.pools.find((pool) => pool.name === 'fat')!;
    if (fat.processes.length === 2 && fat.processes.every((p) => p.pss_bytes > 45 * MiB)) break;
    if (Date.now() > deadline) assert.fail(`fat never measured ≥ 45 MiB: ${run.stdout}`);
  }
  assert.deepEqual(
    report.pools.map((pool) => [pool.name, pool.processes.length]),
    [
      ['fat', 2],
      ['thin', 1],
    ],
  );
  for (const proc of report.pools[0]!.processes) {
    assert.ok(proc.rss_bytes >= 48 * MiB && proc.uss_bytes >= 45 * MiB, JSON.stringify(proc));
  }
  assert.ok(report.crew.pss_bytes > 5 * MiB);
  assert.equal(report.budget_bytes, 400 * MiB);
  assert.ok(report.container && report.container.usage_bytes > 0);
  const tracked =
    report.crew.pss_bytes + report.pools.reduce((sum, pool) => sum + pool.pss_bytes, 0);
  assert.equal(report.other_bytes, Math.max(0, report.container.usage_bytes - tracked));

  const text = await runCrew(['-c', file, 'stats', '--processes'], dir);
  const lines = text.stdout.split('\n');
  assert.match(lines[0]!, /^MEM USAGE \/ LIMIT +MEM %$/);
  assert.match(lines[1]!, /^\d+(\.\d+)?[KMG]iB \/ \d+(\.\d+)?[KMG]iB +\d+\.\d\d%$/);
  assert.match(text.stdout, /^budget used: \d+(\.\d)? MiB of 400 MiB \(\d+%\)$/m);
  assert.match(text.stdout, /^ {2}pools .* \+ crew .* \+ other .* \(scope (crew|container)\)/m);
  assert.match(text.stdout, /^fat +2 +\d+(\.\d)? MiB/m);
  assert.match(text.stdout, /^crew +1 /m);
  const processLines = lines.filter((line) => /^(fat|thin)_0\d /.test(line));
  assert.deepEqual(
    processLines
      .map((line) => line.split(/ +/)[0])
      .slice(0, 2)
      .sort(),
    ['fat_00', 'fat_01'],
    'sorted by memory, largest first',
  );
});
