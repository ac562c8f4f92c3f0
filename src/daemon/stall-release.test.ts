// A worker host that dies holding jobs, end to end through `crew up`: its jobs go back at once
// (not after their lease) without spending a try, and a job that keeps killing its worker goes to
// failed_jobs after max_stalls, named in crew's log.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness, statusJson } from '../cli/test-support/up-harness.js';
import { openSqliteStore } from '../queue/sqlite/store.js';
import { isAlive } from '../supervise/test-support/fixtures.js';
import { handlersPath } from '../worker/test-support/workers.js';

const { daemons, workspace } = createUpHarness();

const config = `store: sqlite:var/crew.db
http: false
pools:
  w:
    handlers: ${handlersPath}
    concurrency: 4
    startsecs: 0
    poll: 50ms
    # Long enough that only crew putting the jobs back can explain their return.
    lease: 10m
    max_stalls: 1
`;

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : [];

async function workerPid(file: string, dir: string) {
  const status = await statusJson(file, dir);
  return status.processes.find((p) => p.name === 'w_00')!.pid;
}

async function enqueue(file: string, dir: string, name: string, data: object, count = 1) {
  const run = await runCrew(
    ['-c', file, 'enqueue', 'default', name, JSON.stringify(data), '--count', String(count)],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
}

test('a SIGKILLed worker’s jobs come back at once without spending a try', async () => {
  const { dir, file } = workspace(config);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('worker w:');
  const started = join(dir, 'started.log');
  const gate = join(dir, 'gate');
  await enqueue(file, dir, 'gate', { started, gate, file: join(dir, 'done.log') }, 4);
  const { waitForLines } = watchLines(started);
  await waitForLines(4);
  const first = await workerPid(file, dir);
  process.kill(first, 'SIGKILL');
  await daemon.waitForLog('4 put back without spending a try');
  // Right after the log line, before any lease could lapse: ready again, the try given back.
  const store = openSqliteStore(join(dir, 'var/crew.db'));
  try {
    const rows = await store.snapshot(['default'], Date.now(), null);
    const q = rows.queues[0]!;
    assert.equal(q.reserved + q.ready, 4);
    // The replacement runs them; they finish once the gate opens.
    await waitForLines(8);
    writeFileSync(gate, '');
    await untilDone(store);
    const reruns = lines(started).slice(4);
    assert.ok(
      reruns.every((line) => line.split(' ')[1] === '1'),
      reruns.join('; '),
    );
    assert.equal(lines(join(dir, 'done.log')).length, 4);
    assert.equal(await store.failedCount(), 0);
  } finally {
    await store.close();
  }
  const queues = JSON.parse((await runCrew(['-c', file, 'queues', '--json'], dir)).stdout);
  assert.equal(queues.queues[0].totals.stalled, 4);
  const table = (await runCrew(['-c', file, 'queues'], dir)).stdout.split('\n');
  const column = table[0]!.split(/\s+/).indexOf('STALLED');
  assert.equal(table[1]!.split(/\s+/)[column], '4');
});

test('a job that keeps killing its worker goes to failed_jobs after max_stalls', async () => {
  const { dir, file } = workspace(config);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('worker w:');
  const started = join(dir, 'started.log');
  await enqueue(file, dir, 'kill-self', { started });
  await daemon.waitForLog(/moved to failed_jobs: its worker died while running it 2 time/);
  assert.match(daemon.log(), /job 1 on default \(uuid [0-9a-f-]+\) moved to failed_jobs/);
  const store = openSqliteStore(join(dir, 'var/crew.db'));
  try {
    const [failed] = await store.failedList({ limit: 5 });
    assert.match(
      failed!.exception,
      /JobStalled: its worker died while running it 2 time\(s\) \(max_stalls 1\); the last time: w_00, pid \d+, killed by SIGKILL/,
    );
    // Both runs were its first try: a stall does not spend one.
    assert.deepEqual(
      lines(started).map((line) => line.split(' ')[1]),
      ['1', '1'],
    );
  } finally {
    await store.close();
  }
  // The pool comes back up after its poison job (two quick crashes are within startretries).
  await daemon.waitForLog(
    /w_00 entered RUNNING state[\s\S]*moved to failed_jobs[\s\S]*w_00 entered RUNNING/,
  );
});

test('when crew is SIGKILLed its workers drain and exit on their own', async () => {
  const { dir, file } = workspace(config.replace('max_stalls: 1', 'stop_timeout: 2s'));
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('worker w:');
  const started = join(dir, 'started.log');
  const gate = join(dir, 'gate');
  await enqueue(file, dir, 'gate', { started, gate, file: join(dir, 'done.log') }, 3);
  await watchLines(started).waitForLines(3);
  const pid = await workerPid(file, dir);
  daemon.child.kill('SIGKILL');
  await daemon.exited;
  // It notices the daemon is gone, waits for its jobs up to its stop timeout, puts them back
  // (without spending their try) and exits: before, it spun on EPIPE and ignored SIGTERM.
  await untilGone(pid);
  const store = openSqliteStore(join(dir, 'var/crew.db'));
  try {
    const [job, ...rest] = await store.claim(
      [{ queue: 'default', limit: 5 }],
      5,
      60_000,
      Date.now(),
    );
    assert.equal(rest.length, 2);
    assert.equal(job!.attempts, 1);
  } finally {
    await store.close();
  }
});

test("crew started after a SIGKILL puts back the jobs its predecessor's dead workers held", async () => {
  const { dir, file } = workspace(config);
  const killed = startCrew(file, dir);
  daemons.push(killed);
  await killed.waitForLog('worker w:');
  const started = join(dir, 'started.log');
  const gate = join(dir, 'gate');
  await enqueue(file, dir, 'gate', { started, gate, file: join(dir, 'done.log') }, 2);
  await watchLines(started).waitForLines(2);
  const pid = await workerPid(file, dir);
  // Both die at once: nobody put the jobs back, and their lease is 10 minutes.
  killed.child.kill('SIGKILL');
  process.kill(pid, 'SIGKILL');
  await killed.exited;
  await untilGone(pid);
  writeFileSync(gate, '');
  const next = startCrew(file, dir);
  daemons.push(next);
  await next.waitForLog(
    /w_00 \(left running by a crew that ended without stopping it\) was running 2 job\(s\): 2 put back/,
  );
  const store = openSqliteStore(join(dir, 'var/crew.db'));
  try {
    await untilDone(store);
    assert.equal(await store.failedCount(), 0);
  } finally {
    await store.close();
  }
  assert.deepEqual(
    lines(started)
      .slice(2)
      .map((line) => line.split(' ')[1]),
    ['1', '1'],
  );
});

async function untilGone(pid: number) {
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 25));
}

// Resolves when the file has at least n lines (watching it, no fixed waits).
function watchLines(path: string) {
  return {
    async waitForLines(n: number) {
      while (lines(path).length < n) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

async function untilDone(store: ReturnType<typeof openSqliteStore>) {
  for (;;) {
    const q = (await store.snapshot(['default'], Date.now(), null)).queues[0]!;
    if (q.ready + q.reserved + q.delayed === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
