// Coming from supervisord, for real: `crew import` of the seed's supervisord config (17
// `php artisan queue:work` workers in seven [program:laravel-queue-*] sections, numprocs,
// stopwaitsecs, user=www-data), then `crew up` on what it wrote runs the example Laravel app:
// all 17 RUNNING, a job on each of the seven queues done.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCrew } from '../cli/test-support/run-crew.js';
import { statusJson } from '../cli/test-support/up-harness.js';
import {
  appDir,
  createLaravelApp,
  type JobRun,
  laravelHarness,
  waitFor,
} from './test-support/laravel-app.js';

const { skip, workspace, up } = laravelHarness();
const QUEUES = [
  'default',
  'router-checks',
  'router-data',
  'log-rotation',
  'payments',
  'provisioning',
  'dashboard',
];

test('crew import of supervisord-17.conf, then crew up, runs the app’s 17 workers', {
  skip,
}, async () => {
  const { dir } = workspace('# replaced by crew import\n');
  const file = join(dir, 'crew.yaml');
  const conf = join(appDir, 'supervisord-17.conf');
  const imported = await runCrew(['import', conf, '-o', file], dir);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^imported 7 programs \(17 processes\) into 7 pools, 7 warnings$/m);
  // crew has no user=: every program runs as crew's own user (root or not), and it says so.
  const warnings = imported.stderr.trim().split('\n');
  assert.equal(warnings.length, 7, imported.stderr);
  for (const line of warnings)
    assert.match(
      line,
      /supervisord-17\.conf:\d+: \[program:laravel-queue-[a-z-]+\] user: user=www-data is not imported: crew runs every program as the user crew itself runs as$/,
    );
  // The one edit: the workers' log files go to this test's directory, not the checkout's
  // storage/logs (%(here)s/storage/logs in the conf).
  const yaml = readFileSync(file, 'utf8');
  writeFileSync(file, yaml.replaceAll(`${appDir}/storage/logs/`, `${dir}/`));
  assert.match(yaml, /stop_timeout: 60s/);

  // The workers inherit crew's environment: this test's copy of the app's database.
  const app = await createLaravelApp(dir);
  Object.assign(process.env, app.env);
  const daemon = up(file, dir);
  const status = await waitFor(
    'all 17 RUNNING',
    async () => {
      const s = await statusJson(file, dir).catch(() => null);
      return s && s.processes.length === 17 && s.processes.every((p) => p.state === 'RUNNING')
        ? s
        : null;
    },
    60_000,
  );
  const perPool = new Map<string, number>();
  for (const proc of status.processes) {
    const pool = proc.name.replace(/_\d\d$/, '');
    perPool.set(pool, (perPool.get(pool) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(perPool), {
    'laravel-queue-default': 2,
    'laravel-queue-router-checks': 2,
    'laravel-queue-router-data': 3,
    'laravel-queue-log-rotation': 1,
    'laravel-queue-payments': 4,
    'laravel-queue-provisioning': 3,
    'laravel-queue-dashboard': 2,
  });
  // As the user crew runs as, whoever that is.
  const uid = process.getuid?.();
  for (const proc of status.processes) {
    const line = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
    assert.equal(Number(line?.[1]), uid, `${proc.name} runs as uid ${line?.[1]}`);
  }

  for (const queue of QUEUES) {
    if (queue !== 'provisioning') await app.dispatch(queue, 1);
  }
  // A payment queues its provisioning (2 s later) and its SMS itself.
  const done = await waitFor(
    'a job done on each of the seven queues',
    () => {
      const rows = app.query<Pick<JobRun, 'queue'>>(
        "SELECT DISTINCT queue FROM job_runs WHERE status = 'done'",
      );
      return rows.length === 7 ? rows : null;
    },
    30_000,
  );
  assert.deepEqual(done.map((r) => r.queue).sort(), [...QUEUES].sort());
  assert.deepEqual(app.query('SELECT id FROM failed_jobs'), []);
  // Each ran in a process crew started from the imported config.
  const pids = new Set(status.processes.map((p) => p.pid));
  for (const run of app.query<JobRun>('SELECT * FROM job_runs'))
    assert.ok(pids.has(run.pid), `${run.job} ran in pid ${run.pid}, not one of crew's`);

  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
  assert.match(daemon.log(), /shutdown: everything stopped/);
});
