// A growing PHP worker, end to end: Laravel's `queue:work --memory` exiting 12 is recorded as a
// recycle and restarted at once (never BACKOFF or FATAL); with `recycle.max_memory` crew
// replaces a leaking worker on its PSS long before its heap reaches --memory; and `crew stats`
// reports the workers' PSS as /proc/PID/smaps_rollup does.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCrew } from '../cli/test-support/run-crew.js';
import { statusJson } from '../cli/test-support/up-harness.js';
import type { StatsReport } from '../control/wire/memory.js';
import type { ExitJson } from '../control/wire/process.js';
import {
  createLaravelApp,
  type JobRun,
  laravelHarness,
  waitFor,
} from './test-support/laravel-app.js';

const { skip, workspace, up } = laravelHarness();
const MIB = 1024 ** 2;

async function startApp(poolSettings: (lines: string) => string) {
  const { dir, file } = workspace('');
  const app = await createLaravelApp(dir);
  writeFileSync(
    file,
    `http: false\nsample_interval: 250ms\npools:\n${poolSettings(app.poolLines('router-data'))}`,
  );
  const daemon = up(file, dir);
  await daemon.waitForLog('router-data_00 entered RUNNING');
  return { app, file, dir, daemon };
}

async function exitsOf(file: string, dir: string) {
  const status = await statusJson(file, dir);
  const proc = status.processes.find((p) => p.name === 'router-data_00')!;
  return { proc, exits: (proc as unknown as { exits: ExitJson[] }).exits };
}

const isZombie = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat[stat.lastIndexOf(')') + 2] === 'Z';
};

const doneRuns = (app: Awaited<ReturnType<typeof createLaravelApp>>) =>
  app.query<JobRun>("SELECT * FROM job_runs WHERE status = 'done' ORDER BY id");

test('queue:work --memory exiting 12 is a recycle, restarted at once, not a crash', {
  skip,
}, async () => {
  // --memory=40: the heap (about 16 MiB after start-up) passes it after three jobs of 10 MiB.
  const { app, file, dir, daemon } = await startApp(
    (lines) => `  router-data:
${lines.replace('--memory=128', '--memory=40')}
    startsecs: 300ms
    startretries: 1
`,
  );
  const first = (await exitsOf(file, dir)).proc.pid;
  await app.dispatch('router-data', 6, '--leak=10');
  const runs = await waitFor('the six leaking jobs done', () => {
    const done = doneRuns(app);
    return done.length === 6 ? done : null;
  });
  // Laravel checks its limit after each job: two workers, three jobs each.
  const pids = [...new Set(runs.map((r) => r.pid))];
  assert.equal(pids.length, 2, JSON.stringify(runs));
  assert.equal(pids[0], first);
  const { proc, exits } = await waitFor('the second exit 12 recorded', async () => {
    const seen = await exitsOf(file, dir);
    return seen.exits.length >= 2 && seen.proc.state === 'RUNNING' ? seen : null;
  });
  assert.ok(!pids.includes(proc.pid));
  for (const exit of exits.slice(0, 2)) {
    assert.equal(exit.reason, 'recycled');
    assert.equal(exit.exit_code, 12);
    assert.match(String(exit.detail), /^exit 12: the process stopped itself to be replaced/);
  }
  assert.doesNotMatch(daemon.log(), /BACKOFF|FATAL|unexpected/);
  assert.match(daemon.log(), /recycled: router-data_00 \(exit 12: the process stopped itself/);
  assert.deepEqual(app.query('SELECT id FROM failed_jobs'), []);
});

test('crew recycles a leaking worker on its PSS before --memory=128, and reports its PSS truthfully', {
  skip,
}, async () => {
  const { app, file, dir, daemon } = await startApp(
    (lines) => `  router-data:
${lines}
    startsecs: 300ms
    stop_timeout: 20s
    recycle: { max_memory: 72MiB }
`,
  );
  const leaker = (await exitsOf(file, dir)).proc.pid;
  // 4 × 8 MiB: grown to about 55 MiB, under max_memory.
  await app.dispatch('router-data', 4, '--leak=8');
  const four = await waitFor('four jobs done', () => {
    const done = doneRuns(app);
    return done.length === 4 ? done : null;
  });
  // The worker is idle now: a sample crew took after the last job ended (and after the row that
  // says so was written) is compared with the kernel's figure read right after it.
  const idleSince = Math.max(...four.map((r) => r.finished_at_ms ?? 0));
  const grown = await waitFor('a sample of the idle worker', async () => {
    const stats = JSON.parse(
      (await runCrew(['-c', file, 'stats', '--json'], dir)).stdout,
    ) as StatsReport;
    if (Date.parse(stats.at) <= idleSince) return null;
    const reported = stats.pools.find((p) => p.name === 'router-data')!.processes[0]!;
    const rollup = readFileSync(`/proc/${reported.pid}/smaps_rollup`, 'utf8');
    const kB = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)![1]) * 1024;
    return { reported, rss: kB('Rss'), pss: kB('Pss'), pssFile: kB('Pss_File') };
  });
  assert.ok(
    grown.reported.pss_bytes > 45 * MIB,
    `${grown.reported.pss_bytes} B after 32 MiB leaked`,
  );
  assert.equal(grown.reported.pid, leaker);
  const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
  // RSS is read every sample (statm): the idle worker's is what the kernel says.
  assert.ok(
    Math.abs(grown.reported.rss_bytes - grown.rss) <= MIB,
    `RSS: crew says ${mib(grown.reported.rss_bytes)}, smaps_rollup ${mib(grown.rss)}`,
  );
  // PSS follows the worker's own (anonymous) memory every sample; its share of the files it
  // maps with other processes (PHP's binary and libraries, moving as other php processes come
  // and go) is read again every 30 s (docs/cli.md, crew stats). So crew's figure is the kernel's within
  // that file-backed share.
  assert.ok(
    Math.abs(grown.reported.pss_bytes - grown.pss) <= 2 * MIB + grown.pssFile,
    `PSS: crew says ${mib(grown.reported.pss_bytes)}, smaps_rollup ${mib(grown.pss)} (of it file-backed ${mib(grown.pssFile)})`,
  );

  // Four more: past 72 MiB of PSS, crew starts a replacement and drains the leaker.
  await app.dispatch('router-data', 4, '--leak=8');
  await daemon.waitForLog(
    /recycling: router-data_00 \(PSS [\d.]+ MiB > max_memory 72 MiB\); starting its replacement first/,
  );
  // The replacement is RUNNING before the leaker is asked to stop (SIGTERM: it finishes its job).
  await daemon.waitForLog(
    /recycling: router-data_00 [\s\S]*success: router-data_00 entered RUNNING state[\s\S]*recycled: router-data_00 \(PSS [\d.]+ MiB > max_memory 72 MiB; ran [\d.]+s\)/,
  );
  const after = (await exitsOf(file, dir)).proc;
  assert.notEqual(after.pid, leaker);
  assert.equal(after.state, 'RUNNING');
  assert.ok(!existsSync(`/proc/${leaker}/stat`) || isZombie(leaker), 'the leaker has exited');
  const runs = await waitFor('all eight jobs done', () => {
    const done = doneRuns(app);
    return done.length === 8 ? done : null;
  });
  // Laravel never got near its own limit: the heap stayed far below 128 MiB.
  assert.ok(Math.max(...runs.map((r) => r.memory_mb ?? 0)) < 100);
  assert.deepEqual(app.query("SELECT id FROM job_runs WHERE status != 'done'"), []);
  assert.deepEqual(app.query('SELECT id FROM failed_jobs'), []);
  assert.doesNotMatch(daemon.log(), /exit 12|BACKOFF|FATAL/);
});
