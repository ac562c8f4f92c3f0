// The job runtime end to end: `crew up` with a pool of Node handlers, `crew enqueue`,
// `crew queues`, `crew failed`, recycling after max_jobs and a blocked worker killed by the
// daemon's watchdog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { QueueJson } from '../control/wire/queue.js';
import { handlersPath } from '../worker/test-support/workers.js';
import { runCrew, startCrew } from './test-support/run-crew.js';
import { createUpHarness } from './test-support/up-harness.js';

const { daemons, workspace: workspaceOf } = createUpHarness();

function workspace() {
  return workspaceOf(
    `store: sqlite:var/crew.db
http: false
pools:
  work:
    handlers: ${handlersPath}
    queues: [default, other]
    concurrency: { default: 3, other: 1 }
    startsecs: 200ms
    timeout_grace: 200ms
    poll: 50ms
    lease: 2s
    recycle: { max_jobs: 20 }
`,
  );
}

async function queuesJson(file: string, dir: string) {
  const run = await runCrew(['-c', file, 'queues', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as { live: boolean; queues: QueueJson[] };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) {
  const limit = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > limit)
      throw new Error(`${what}: never happened; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('handler pools run enqueued jobs, report them, recycle after max_jobs and survive bad jobs', async () => {
  const { dir, file } = workspace();
  // Jobs can be added before anything runs: the store is created on demand.
  const log = join(dir, 'runs.log');
  const added = await runCrew(
    ['-c', file, 'enqueue', 'default', 'record', JSON.stringify({ file: log }), '--count', '30'],
    dir,
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /^queued 30 × record on default as #1–#30\n$/);
  const offline = await queuesJson(file, dir);
  assert.equal(offline.live, false);
  assert.equal(offline.queues.find((q) => q.queue === 'default')?.ready, 30);

  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('work_00 entered RUNNING');
  const done = await until(
    () => queuesJson(file, dir),
    (r) =>
      r.live &&
      r.queues[0]!.ready === 0 &&
      r.queues[0]!.reserved === 0 &&
      (r.queues[0]!.totals?.completed ?? 0) >= 30,
    'the 30 jobs are done and reported',
  );
  assert.deepEqual(
    done.queues.map((q) => [q.queue, q.source, q.pools]),
    [
      ['default', 'crew', ['work']],
      ['other', 'crew', ['work']],
    ],
  );
  assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 30);
  // max_jobs 20: the first process asked to be replaced and drained.
  await daemon.waitForLog(/work_00: recycling \(max_jobs 20 reached\)/);

  // A job naming no handler fails into failed_jobs; the pool keeps running.
  await runCrew(['-c', file, 'enqueue', 'other', 'missing-handler', '{"a":1}'], dir);
  const failed = await until(
    () => runCrew(['-c', file, 'failed', 'list', '--json'], dir),
    (run) => (JSON.parse(run.stdout) as { failed: unknown[] }).failed.length === 1,
    'the bad job is in failed_jobs',
  );
  const [row] = (
    JSON.parse(failed.stdout) as { failed: { id: number; exception: string; payload: string }[] }
  ).failed;
  assert.match(row!.exception, /^UnknownJob: no handler named "missing-handler"/);
  assert.deepEqual(JSON.parse(row!.payload).data, { a: 1 });
  const table = await runCrew(['-c', file, 'failed'], dir);
  assert.match(
    table.stdout,
    /^ID +FAILED AT +QUEUE +JOB +EXCEPTION\n +\d+ +\S+ \S+ +other +missing-handler +UnknownJob/,
  );
  const flushed = await runCrew(['-c', file, 'failed', 'flush'], dir);
  assert.equal(flushed.stdout, 'deleted 1 failed job(s)\n');

  const text = await runCrew(['-c', file, 'queues'], dir);
  assert.match(
    text.stdout,
    /^QUEUE +READY +DELAYED +RESERVED +FAILED +STALLED +OLDEST +TARGET +IN\/s +DONE\/s +SOURCE +POOLS\n/,
  );
  assert.match(text.stdout, /\ndefault +0 +0 +0 +0 +0 +- +- +\S+ +\S+ +crew +work\n/);

  const status = await runCrew(['-c', file, 'status'], dir);
  assert.equal(status.code, 0, status.stdout);
});

test('a job that blocks its worker’s event loop is killed twice, then failed as a poison job', async () => {
  const { dir, file } = workspace();
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('work_00 entered RUNNING');
  await runCrew(
    ['-c', file, 'enqueue', 'default', 'block', '--timeout', '300ms', '--tries', '1'],
    dir,
  );
  await daemon.waitForLog(/work_00 .*a job blocked its event loop past its timeout/);
  // Put back at once without spending its try (a stall), it blocks the next worker too; past
  // max_stalls (1) it goes to failed_jobs, named in crew's log.
  const failed = await until(
    () => runCrew(['-c', file, 'failed', 'list', '--json'], dir),
    (run) => (JSON.parse(run.stdout) as { failed: unknown[] }).failed.length === 1,
    'the blocking job is in failed_jobs',
  );
  assert.match(
    failed.stdout,
    /JobStalled: its worker died while running it 2 time\(s\) \(max_stalls 1\); the last time: work_00, pid \d+, killed by SIGKILL: a job blocked its event loop past its timeout/,
  );
  assert.match(daemon.log(), /job 1 on default \(uuid [0-9a-f-]+\) moved to failed_jobs/);
});

test('a burst scales a handler pool up inside the budget and back down after the window, no job cut short', async () => {
  const { dir, file } = workspaceOf(
    `store: sqlite:var/crew.db
http: false
budget: 2GiB
sample_interval: 200ms
pools:
  work:
    handlers: ${handlersPath}
    queues: [default]
    concurrency: 2
    processes: 1..3
    target_wait: 1s
    scale: { up_cooldown: 0s, down_window: 2s, down_cooldown: 0s }
    startsecs: 200ms
    poll: 50ms
    lease: 5s
`,
  );
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('work_00 entered RUNNING');
  const log = join(dir, 'runs.log');
  const added = await runCrew(
    [
      '-c',
      file,
      'enqueue',
      'default',
      'slow',
      JSON.stringify({ file: log, ms: 700 }),
      '--count',
      '24',
    ],
    dir,
  );
  assert.equal(added.code, 0, added.stderr);
  await daemon.waitForLog(/scaled: work 1→[23] \(/, 30_000);
  await daemon.waitForLog('work_01 entered RUNNING', 30_000);
  // Once the backlog is gone and the window has passed, it comes back down to its min.
  await daemon.waitForLog(/scaled: work [23]→[12] \(/, 60_000);
  await until(
    () => queuesJson(file, dir),
    (r) => r.queues[0]!.ready + r.queues[0]!.reserved === 0,
    'the burst is done',
  );
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  const ids = lines.map((line) => line.split(' ')[0]);
  // Every job ran to its end exactly once: none was cut short and run again by a scale-down.
  assert.equal(lines.length, 24);
  assert.equal(new Set(ids).size, 24);
  assert.ok(
    lines.every((line) => line.split(' ')[2] === '1'),
    'every job on its first attempt',
  );
  assert.doesNotMatch(daemon.log(), /over budget/);
});
