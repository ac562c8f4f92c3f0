// Autoscaling real `php artisan queue:work` pools on the Laravel app's own `jobs` table: crew
// sees the backlog, grows the critical pool first inside a tight budget while a less important
// one waits for memory, and comes back down once the burst is done; a scale-down SIGTERMs a
// busy worker, which finishes the job in hand (Laravel's own signal handling) within
// stop_timeout; every dispatched job is done exactly once.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCrew } from '../cli/test-support/run-crew.js';
import { statusJson } from '../cli/test-support/up-harness.js';
import { callDaemon } from '../control/client.js';
import type { StatsReport } from '../control/wire/memory.js';
import type { QueueJson } from '../control/wire/queue.js';
import {
  createLaravelApp,
  type JobRun,
  laravelHarness,
  waitFor,
} from './test-support/laravel-app.js';

const { skip, workspace, up } = laravelHarness();
const MIB = 1024 ** 2;

test('payments grows first inside the budget on a burst, drains with SIGTERM, loses nothing', {
  skip,
}, async (t) => {
  const { dir, file } = workspace('');
  // Twice the app's times: a payment callback takes about 0.5 s, a dashboard refresh 1.2 s.
  const app = await createLaravelApp(dir, { JOB_TIME_SCALE: '2' });
  const common = `    processes: 1..3
    target_wait: 2s
    scale: { up_cooldown: 0s, down_window: 3s, down_cooldown: 0s }
    startsecs: 300ms
    stop_timeout: 20s
    expect_memory: 24MiB`;
  const config = (budget: string) => `http: false
sample_interval: 250ms
budget: ${budget}
pools:
  payments:
${app.poolLines('payments')}
${common}
    critical: true
    priority: 10
  dashboard:
${app.poolLines('dashboard')}
${common}
    priority: 30
`;
  writeFileSync(file, config('{ limit: 2GiB, scope: crew }'));
  const daemon = up(file, dir);
  await daemon.waitForLog(
    /payments_00 entered RUNNING[\s\S]*dashboard_00 entered RUNNING|dashboard_00 entered RUNNING[\s\S]*payments_00 entered RUNNING/,
  );
  const socket = join(dir, '.crew', 'crew.sock');
  const scaling = async (pool: string) =>
    (await callDaemon(socket, 'overview')).scaling.find((s) => s.pool === pool)!;
  const done = (job: string) =>
    app.query<JobRun>("SELECT * FROM job_runs WHERE job = ? AND status = 'done'", job);

  // One job each first, so both pools' workers are measured as they are after real work.
  await app.dispatch('payments', 1);
  await app.dispatch('dashboard', 1);
  await waitFor(
    'the warm-up jobs done',
    () => done('PaymentCallback').length + done('DashboardRefresh').length === 2,
  );
  // Then a budget with room for two more workers beyond what runs now, not three (2.3 workers:
  // the newer ones measure a little more or less than these): the third must be taken from the
  // lower priority.
  const stats = JSON.parse(
    (await runCrew(['-c', file, 'stats', '--json'], dir)).stdout,
  ) as StatsReport;
  const worker = Math.max(...stats.pools.flatMap((p) => p.processes.map((proc) => proc.pss_bytes)));
  const limit = Math.round((stats.budget.used_bytes + 2.3 * worker) / MIB);
  writeFileSync(file, config(`{ limit: ${limit}MiB, scope: crew }`));
  assert.equal((await runCrew(['-c', file, 'reload'], dir)).code, 0);
  t.diagnostic(
    `budget ${limit} MiB: ${(stats.budget.used_bytes / MIB).toFixed(1)} MiB used, a worker ${(worker / MIB).toFixed(1)} MiB`,
  );

  // The burst: dashboard's refreshes first, then 40 payment callbacks.
  const logBefore = daemon.log().length;
  await app.dispatch('dashboard', 8);
  await app.dispatch('payments', 40);
  const seen = await waitFor('crew queues shows the Laravel backlog', async () => {
    const queues = JSON.parse((await runCrew(['-c', file, 'queues', '--json'], dir)).stdout) as {
      live: boolean;
      queues: QueueJson[];
    };
    const payments = queues.queues.find((q) => q.queue === 'payments');
    return queues.live && payments && payments.ready + payments.reserved >= 30 ? payments : null;
  });
  assert.equal(seen.source, 'laravel-database');
  assert.deepEqual(seen.pools, ['payments']);
  assert.equal(seen.target_wait_ms, 2000);

  // payments (critical, priority 10) takes the room; dashboard (priority 30) is short of memory.
  await daemon.waitForLog(/scaled: payments \d→3 \(/, 30_000);
  const short = await waitFor('dashboard short of memory while payments runs 3', async () => {
    const [p, d] = [await scaling('payments'), await scaling('dashboard')];
    return p.desired === 3 && d.needed > 1 && d.shortfall > 0 ? d : null;
  });
  t.diagnostic(
    `dashboard needs ${short.needed}, allowed ${short.desired}, short ${short.shortfall}`,
  );
  // Had dashboard taken room too (both late at the same tick, each got a process), it gave it
  // back to payments: at once when payments' third did not fit beside it, or once the young
  // workers had grown to what their pools measure (a worker just started counts what it uses).
  if (/scaled: dashboard 1→2 \(/.test(daemon.log().slice(logBefore))) {
    await daemon.waitForLog(
      /scaled: dashboard 1→2 \([\s\S]*scaled: dashboard 2→1 \(memory goes to higher-priority payments/,
    );
  }
  assert.doesNotMatch(daemon.log(), /over budget/);

  // Once the backlog is gone, back down to the min, one process at a time, none forced.
  await waitFor('the 41 payments done', () => done('PaymentCallback').length === 41, 60_000);
  await daemon.waitForLog(/scaled: payments 2→1 \(/, 30_000);
  assert.match(daemon.log(), /stopped: payments_02 \(stopped after/);
  assert.match(daemon.log(), /stopped: payments_01 \(stopped after/);

  // A scale-down of busy workers: pinned at 3, all three on a job, then pinned at 1. --force:
  // the budget was set for the workers as they were before the burst, and after 41 jobs they
  // may have grown past the room for two more (crew scale then refuses without it).
  const pinned = await runCrew(['-c', file, 'scale', 'payments=3', '--force'], dir);
  assert.equal(pinned.code, 0, pinned.stderr);
  await waitFor('payments runs 3', async () => {
    const s = await statusJson(file, dir);
    return (
      s.processes.filter((p) => p.name.startsWith('payments_') && p.state === 'RUNNING').length ===
      3
    );
  });
  const status = await statusJson(file, dir);
  const draining = status.processes
    .filter((p) => /^payments_0[12]$/.test(p.name))
    .map((p) => p.pid);
  await app.dispatch('payments', 20);
  const inHand = await waitFor('payments_01 and _02 each on a job', () => {
    const running = app.query<JobRun>(
      "SELECT * FROM job_runs WHERE status = 'running' AND pid IN (?, ?)",
      ...draining,
    );
    return new Set(running.map((r) => r.pid)).size === 2 ? running : null;
  });
  const signalledAt = Date.now();
  const scaled = await runCrew(['-c', file, 'scale', 'payments=1'], dir);
  assert.match(scaled.stdout, /^payments: 3→1 \(pinned; payments=auto to unpin\)$/m);
  await daemon.waitForLog(
    /stopped: payments_02 \(stopped after [\d.]+s\)[\s\S]*stopped: payments_01 \(stopped after|stopped: payments_01 \(stopped after [\d.]+s\)[\s\S]*stopped: payments_02 \(stopped after/,
  );
  const finished = app.query<JobRun>(
    `SELECT * FROM job_runs WHERE id IN (${inHand.map((r) => r.id).join(',')})`,
  );
  for (const run of finished) {
    assert.equal(run.status, 'done', `job ${run.id} in pid ${run.pid}`);
    assert.ok(run.finished_at_ms! >= signalledAt - 1000);
  }
  assert.doesNotMatch(daemon.log(), /killed with SIGKILL/);
  assert.equal((await runCrew(['-c', file, 'scale', 'payments=auto'], dir)).code, 0);

  // Nothing lost: every callback ran to its end exactly once, on its first attempt.
  await waitFor('all 61 payments done', () => done('PaymentCallback').length === 61, 60_000);
  await waitFor(
    'the 9 dashboard refreshes done',
    () => done('DashboardRefresh').length === 9,
    60_000,
  );
  const runs = app.query<JobRun>("SELECT * FROM job_runs WHERE queue IN ('payments', 'dashboard')");
  assert.equal(runs.length, 70);
  assert.equal(new Set(runs.map((r) => r.uuid)).size, 70);
  assert.ok(runs.every((r) => r.attempt === 1 && r.status === 'done'));
  assert.deepEqual(app.query('SELECT id FROM failed_jobs'), []);
});
