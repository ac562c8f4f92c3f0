// `crew failed` on a Laravel app's own failed_jobs: a real queue:work fails a job (a Notify
// dispatched with --fail-once: its one try fails, its retry succeeds); `crew failed list` shows
// Laravel's row; `crew failed retry` puts it back as `php artisan queue:retry` does (the same
// jobs row, checked side by side), and Laravel's worker then runs both.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runCrew } from '../cli/test-support/run-crew.js';
import type { FailedJobRow } from '../queue/store.js';
import {
  createLaravelApp,
  type JobRun,
  laravelHarness,
  waitFor,
} from './test-support/laravel-app.js';

const { skip, workspace, up } = laravelHarness();

// A failed_jobs row as Laravel's table and `crew failed list --json` both give it.
type FailedRow = Omit<FailedJobRow, 'failedAt'>;

interface JobsRow {
  readonly id: number;
  readonly queue: string;
  readonly payload: string;
  readonly attempts: number;
  readonly reserved_at: number | null;
  readonly available_at: number;
  readonly created_at: number;
}

test('crew failed lists Laravel’s failed_jobs and retries them as queue:retry does', {
  skip,
}, async () => {
  const { dir, file } = workspace('');
  const app = await createLaravelApp(dir);
  // store: is where `crew failed` reads and writes failed_jobs: here, the app's own database.
  const yaml = `http: false
store: ${app.dbUrl}
pools:
  default:
${app.poolLines('default')}
    startsecs: 300ms
`;
  writeFileSync(file, yaml);
  const daemon = up(file, dir);
  await daemon.waitForLog('default_00 entered RUNNING');
  await app.dispatch('default', 2, '--fail-once');
  const failed = await waitFor('both notifications in failed_jobs', async () => {
    const run = await runCrew(['-c', file, 'failed', 'list', '--json'], dir);
    const rows = (JSON.parse(run.stdout || '{"failed":[]}') as { failed: FailedRow[] }).failed;
    return rows.length === 2 ? rows : null;
  });
  const inLaravel = app.query<FailedRow>('SELECT * FROM failed_jobs ORDER BY id DESC');
  assert.deepEqual(
    failed.map((row) => [row.id, row.uuid, row.connection, row.queue, row.payload]),
    inLaravel.map((row) => [row.id, row.uuid, 'database', 'default', row.payload]),
  );
  for (const row of failed) {
    assert.match(
      row.exception,
      /^RuntimeException: SMS gateway refused the message to \d+ \(failOnce\)/,
    );
    assert.equal(JSON.parse(row.payload).displayName, 'App\\Jobs\\Notify');
  }
  const table = await runCrew(['-c', file, 'failed'], dir);
  assert.match(
    table.stdout,
    /^ID +FAILED AT +QUEUE +JOB +EXCEPTION\n +\d+ +\S+ \S+ +default +App\\Jobs\\Notify +RuntimeException: SMS gateway refused/,
  );

  // With the worker stopped, one goes back through crew and one through Laravel's own command.
  assert.equal((await runCrew(['-c', file, 'stop', 'default:*'], dir)).code, 0);
  const [viaCrew, viaArtisan] = [failed[0]!, failed[1]!];
  // The store named before the verb, as in `crew failed --store URL retry ID`.
  const retried = await runCrew(
    ['-c', file, 'failed', '--store', app.dbUrl, 'retry', String(viaCrew.id)],
    dir,
  );
  assert.equal(retried.stdout, `pushed failed job #${viaCrew.id} back onto its queue\n`);
  // Laravel's failer (database-uuids, Laravel 8's default) names failed jobs by uuid.
  const artisan = await app.artisan(['queue:retry', viaArtisan.uuid]);
  assert.equal(artisan.code, 0, artisan.stderr);
  assert.deepEqual(app.query('SELECT id FROM failed_jobs'), []);
  const rows = app.query<JobsRow>('SELECT * FROM jobs ORDER BY id');
  assert.equal(rows.length, 2);
  const [crewRow, artisanRow] = rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) }));
  // The same row either way: the payload (uuid, maxTries 1) as it failed, attempts 0, ready now.
  assert.deepEqual(crewRow!.payload, JSON.parse(viaCrew.payload));
  assert.deepEqual(artisanRow!.payload, JSON.parse(viaArtisan.payload));
  for (const row of [crewRow!, artisanRow!]) {
    assert.equal(row.queue, 'default');
    assert.equal(row.attempts, 0);
    assert.equal(row.reserved_at, null);
    assert.ok(
      Math.abs(row.available_at - Date.now() / 1000) < 30,
      `available_at ${row.available_at}`,
    );
    assert.equal(row.created_at, row.available_at);
  }

  // Laravel's worker runs both, each succeeding on the try it was given back.
  assert.equal((await runCrew(['-c', file, 'start', 'default:*'], dir)).code, 0);
  const runs = await waitFor('both retried notifications sent', () => {
    const done = app.query<JobRun>("SELECT * FROM job_runs WHERE status = 'done'");
    return done.length === 2 ? done : null;
  });
  assert.deepEqual(runs.map((r) => r.uuid).sort(), [viaCrew.uuid, viaArtisan.uuid].sort());
  assert.ok(runs.every((r) => r.attempt === 1));
  assert.equal(app.query('SELECT id FROM notifications_sent').length, 2);
  assert.equal((await runCrew(['-c', file, 'failed', 'list'], dir)).stdout, 'No failed jobs.\n');
});
