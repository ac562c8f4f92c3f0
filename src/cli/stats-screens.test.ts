// One budget figure: `crew stats`, `crew top`, /status, /metrics and the dashboard, read from
// one daemon within one memory sample, show the same "budget used" in the same words, and say
// when crew is over budget and which part holds the most.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { StatsReport } from '../control/wire/memory.js';
import type { Overview } from '../control/wire/overview.js';
import { runCrew, startCrew } from './test-support/run-crew.js';

const allocate = new URL('../memory/fixtures/allocate.js', import.meta.url).pathname;
const dashboardState = new URL('../../dashboard/state.js', import.meta.url).href;
const { budgetSummary } = (await import(dashboardState)) as {
  budgetSummary(overview: Overview): [string, string, boolean, string];
};

const dir = mkdtempSync(join(tmpdir(), 'crew-screens-'));
const file = join(dir, 'crew.yaml');
// Two processes of 48 MiB against a 64 MiB budget: over, mostly in pools. A long sample interval
// lets every screen be read from the same sample.
writeFileSync(
  file,
  `budget: 64MiB
sample_interval: 4s
http: { listen: "127.0.0.1:0" }
pools:
  fat:
    command: ${JSON.stringify([process.execPath, allocate, '48'])}
    processes: 2
    startsecs: 100ms
`,
);
const daemon = startCrew(file, dir);
after(async () => {
  if (daemon.child.exitCode === null) daemon.child.kill('SIGTERM');
  await daemon.exited;
  rmSync(dir, { recursive: true, force: true });
});

async function statsJson(): Promise<StatsReport> {
  const run = await runCrew(['-c', file, 'stats', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as StatsReport;
}

test('stats, top, /status, /metrics and the dashboard show one budget used figure', async () => {
  await daemon.waitForLog(/http: listening on http:\/\/\S+/);
  const url = /http: listening on (http:\/\/\S+?)\/?(\s|$)/m.exec(daemon.log())![1]!;
  await daemon.waitForLog(
    /fat_01 \| ready[\s\S]*fat_00 \| ready|fat_00 \| ready[\s\S]*fat_01 \| ready/,
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    assert.ok(Date.now() < deadline, 'never read every screen within one sample');
    const before = await statsJson();
    if (before.pools[0]!.processes.length < 2 || !before.budget.over) continue;
    const stats = await runCrew(['-c', file, 'stats'], dir);
    const top = await runCrew(['-c', file, 'top', '--once'], dir);
    const status = (await (await fetch(`${url}/status`)).json()) as Overview;
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const afterwards = await statsJson();
    // A sample came in between: read again.
    if (afterwards.at !== before.at) continue;

    const { budget } = before;
    assert.equal(budget.budget_bytes, 64 * 1024 * 1024);
    assert.equal(budget.used_bytes, budget.parts.pools + budget.parts.crew + budget.parts.other);
    assert.match(
      budget.description,
      /^\S+ MiB of 64 MiB \(\d+%\), OVER budget by \S+ MiB, most in pools$/,
    );
    const line = `budget used: ${budget.description}`;
    assert.ok(stats.stdout.split('\n').includes(line), `crew stats:\n${stats.stdout}`);
    assert.ok(stats.stdout.split('\n').includes(`  ${budget.breakdown}`), stats.stdout);
    assert.ok(top.stdout.split('\n').includes(line), `crew top:\n${top.stdout}`);
    assert.ok(top.stdout.split('\n').includes(`  ${budget.breakdown}`), top.stdout);
    assert.deepEqual(status.budget, budget, '/status');
    assert.equal(status.budget_bytes, budget.budget_bytes);
    const gauge = /^crew_budget_used_bytes (\d+)$/m.exec(metrics)?.[1];
    assert.equal(Number(gauge), budget.used_bytes, '/metrics');
    assert.deepEqual(budgetSummary(status), [
      'budget used',
      budget.description,
      true,
      budget.breakdown,
    ]);
    console.log(`budget used, on every screen: ${budget.description} — ${budget.breakdown}`);
    return;
  }
});
