// The worker host as real processes against a real SQLite store (and PostgreSQL where noted):
// delivery, retries, failures, timeouts, crashes, drains and recycling.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { queueOn } from '../queue/producer.js';
import { drained, workerBench } from './test-support/workers.js';

const T = () => Date.now();

test('runs jobs many at a time and deletes each after it succeeded', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  await queueOn(bench.store).addBulk(
    Array.from({ length: 100 }, (_, i) => ({
      queue: 'default',
      name: 'record',
      data: { file, id: i },
    })),
  );
  const worker = bench.start({ concurrency: 8 });
  await drained(bench.store, ['default']);
  const ids = bench.lines(file).map((line) => Number(line.split(' ')[0]));
  assert.equal(ids.length, 100);
  assert.equal(new Set(ids).size, 100);
  const report = await worker.message(
    (m) => m.type === 'report' && (m.queues.default?.completed ?? 0) > 0,
  );
  assert.equal(report.type === 'report' && report.capacity, 8);
});

test('bad input goes to failed_jobs and the worker keeps working', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const q = queueOn(bench.store);
  // A row written by something else: not JSON at all.
  await bench.store.add(
    [{ queue: 'default', payload: '{not json', availableAtSec: Math.floor(T() / 1000) }],
    T(),
  );
  await q.add('default', 'no-such-job', { x: 1 });
  await q.add('default', 'throw-string', null);
  await q.add('default', 'record', { file, id: 'after' });
  const worker = bench.start({ concurrency: 1 });
  await drained(bench.store, ['default']);
  const failed = await bench.store.failedList({ limit: 10 });
  const exceptions = failed.map((f) => f.exception).sort();
  assert.equal(failed.length, 3);
  assert.match(exceptions[0]!, /^BadPayload: payload is not JSON/);
  assert.match(exceptions[1]!, /^NonErrorThrown: the handler threw string "a plain string"/);
  assert.match(
    exceptions[2]!,
    /^UnknownJob: no handler named "no-such-job" in .*handlers\.js \(it exports: record, /,
  );
  assert.ok(failed.some((f) => f.payload === '{not json'));
  assert.deepEqual(
    bench.lines(file).map((l) => l.split(' ')[0]),
    ['after'],
  );
  assert.equal(worker.child.exitCode, null);
});

test('a failing job is retried after its backoff, then failed with its payload intact', async (t) => {
  const bench = (await workerBench(t))!;
  const id = await queueOn(bench.store).add(
    'default',
    'fail',
    { message: 'card declined' },
    { tries: 2, backoff: [1] },
  );
  const started = T();
  const worker = bench.start();
  const retried = await worker.message(
    (m) => m.type === 'report' && (m.queues.default?.retried ?? 0) > 0,
  );
  assert.ok(retried);
  await drained(bench.store, ['default']);
  // The retry waited for its backoff: available_at is whole seconds, never earlier.
  assert.ok(T() - started >= 1000);
  const [failed] = await bench.store.failedList({ limit: 1 });
  assert.match(failed!.exception, /^Error: card declined\n\s+at .*\(attempt 2 of 2\)$/s);
  const payload = JSON.parse(failed!.payload);
  assert.deepEqual(payload.data, { message: 'card declined' });
  assert.equal(payload.maxTries, 2);
  assert.equal(payload.backoff, '1');
  assert.ok(id > 0);
});

test('queues are served in priority order', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const q = queueOn(bench.store);
  await q.addBulk([
    { queue: 'low', name: 'record', data: { file, id: 'low-1' } },
    { queue: 'high', name: 'record', data: { file, id: 'high-1' } },
    { queue: 'low', name: 'record', data: { file, id: 'low-2' } },
    { queue: 'high', name: 'record', data: { file, id: 'high-2' } },
  ]);
  bench.start({ queues: ['high', 'low'], concurrency: 1 });
  await drained(bench.store, ['high', 'low']);
  assert.deepEqual(
    bench.lines(file).map((l) => l.split(' ')[0]),
    ['high-1', 'high-2', 'low-1', 'low-2'],
  );
});

test('a job whose worker is SIGKILLed mid-run is delivered again after its lease', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const marker = join(bench.dir, 'crashed');
  await queueOn(bench.store).add(
    'default',
    'crash-once',
    { file, marker, id: 'job' },
    { tries: 3 },
  );
  const first = bench.start({ leaseMs: 1000 });
  assert.equal((await first.exited).signal, 'SIGKILL');
  const second = bench.start({ leaseMs: 1000 });
  await drained(bench.store, ['default']);
  const [line] = bench.lines(file);
  // Second attempt, by the second process.
  assert.equal(line!.split(' ')[2], '2');
  assert.equal(Number(line!.split(' ')[3]), second.child.pid);
});

test('renewing the lease keeps a long job from being delivered twice', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  await queueOn(bench.store).add('default', 'slow', { file, ms: 2500, id: 'long' });
  const a = bench.start({ leaseMs: 1000 });
  await a.message((m) => m.type === 'report' && m.running === 1);
  const b = bench.start({ leaseMs: 1000 });
  await drained(bench.store, ['default']);
  assert.equal(bench.lines(file).length, 1);
  assert.ok(b.messages.every((m) => m.type !== 'report' || !m.queues.default));
});

test('a timeout aborts the run; a handler that ignores it is given up and its process asks to be recycled', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const q = queueOn(bench.store);
  await q.add('default', 'slow', { file, ms: 5000 }, { timeoutMs: 200 });
  await q.add('default', 'hang', null, { timeoutMs: 200 });
  const worker = bench.start({ timeoutGraceMs: 300 });
  const recycle = await worker.message((m) => m.type === 'recycle');
  assert.match(recycle.type === 'recycle' ? recycle.reason : '', /ignored its timeout of 0.2 s/);
  await drained(bench.store, ['default']);
  const failed = await bench.store.failedList({ limit: 5 });
  assert.equal(failed.length, 2);
  for (const f of failed)
    assert.match(f.exception, /^JobTimedOut: the job ran longer than its timeout of 0.2 s/);
  assert.equal(bench.lines(file).length, 0);
});

test('SIGTERM drains: running jobs finish, nothing new is claimed, the process exits 0', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const q = queueOn(bench.store);
  await q.add('default', 'slow', { file, ms: 2500, id: 'running' });
  const worker = bench.start({ concurrency: 1 });
  await worker.message((m) => m.type === 'report' && m.running === 1);
  await q.add('default', 'record', { file, id: 'waiting' });
  worker.child.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
  assert.deepEqual(
    bench.lines(file).map((l) => l.split(' ')[0]),
    ['running'],
  );
  const snap = await bench.store.snapshot(['default'], T(), null);
  assert.equal(snap.queues[0]!.ready, 1);
});

test('a drain that outlasts the stop timeout puts the running job back for another worker', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  // One try: being put back by crew's drain must not spend it.
  await queueOn(bench.store).add('default', 'slow', { file, ms: 30_000 });
  const worker = bench.start({ stopTimeoutMs: 1500 });
  await worker.message((m) => m.type === 'report' && m.running === 1);
  worker.child.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
  const snap = await bench.store.snapshot(['default'], T(), null);
  assert.equal(snap.queues[0]!.ready, 1);
  assert.equal(snap.queues[0]!.reserved, 0);
  // Put back is not an outcome: no report counts it as retried or failed.
  for (const m of worker.messages) {
    if (m.type === 'report')
      assert.equal((m.queues.default?.retried ?? 0) + (m.queues.default?.failed ?? 0), 0);
  }
  const [again] = await bench.store.claim([{ queue: 'default', limit: 1 }], 1, 60_000, T());
  assert.equal(again?.attempts, 1);
});

test('max_jobs asks for a recycle after that many jobs', async (t) => {
  const bench = (await workerBench(t))!;
  await queueOn(bench.store).addBulk(
    Array.from({ length: 5 }, () => ({ queue: 'default', name: 'noop', data: null })),
  );
  const worker = bench.start({ maxJobs: 5, concurrency: 1 });
  const recycle = await worker.message((m) => m.type === 'recycle');
  assert.deepEqual(recycle, { type: 'recycle', reason: 'max_jobs 5 reached' });
});

test('handlers can add follow-up jobs to the same store', async (t) => {
  const bench = (await workerBench(t))!;
  const file = join(bench.dir, 'runs.log');
  const id = await queueOn(bench.store).add('default', 'chain', { queue: 'next', file });
  bench.start({ queues: ['default', 'next'] });
  await drained(bench.store, ['default', 'next']);
  assert.deepEqual(
    bench.lines(file).map((l) => l.split(' ').slice(0, 2).join(' ')),
    [`after-${id} next`],
  );
});

test('a handlers module that cannot load exits 78 with the reason', async (t) => {
  const bench = (await workerBench(t))!;
  const worker = bench.start({ handlers: join(bench.dir, 'missing.js') });
  assert.equal((await worker.exited).code, 78);
  assert.match(worker.stderr(), /cannot import handlers .*missing\.js/);
});

test('a store that does not answer yet is waited for, and SIGTERM still ends the wait', async (t) => {
  const bench = (await workerBench(t))!;
  // Nothing listens on port 1: like a PostgreSQL server restarting.
  const worker = bench.start({ store: 'postgres://postgres@127.0.0.1:1/crew' });
  while (!worker.stderr().includes('waiting for the job store')) {
    if (worker.child.exitCode !== null) assert.fail(`exited: ${worker.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Before, it exited 78 and crew restarted it in a loop for as long as the store was away.
  assert.equal(worker.child.exitCode, null);
  worker.child.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
});

test('fast jobs on one of two queues with their own limits drain without waiting for polls', {
  timeout: 60_000,
}, async (t) => {
  const bench = (await workerBench(t))!;
  await queueOn(bench.store).addBulk(
    Array.from({ length: 200 }, () => ({ queue: 'default', name: 'noop', data: null })),
  );
  // A poll longer than the test's limit: only wake-ups can drain the queue in time. Before, a
  // slot freed while the loop claimed from the empty queue was missed, and each round slept a
  // whole poll: 200 jobs took ~100 s at `poll: 1s`.
  bench.start({
    queues: ['default', 'other'],
    concurrency: 4,
    perQueue: { default: 2, other: 2 },
    pollMs: 120_000,
  });
  await drained(bench.store, ['default']);
});

test('a worker whose daemon is gone before it has loaded exits instead of running on', {
  timeout: 60_000,
}, async (t) => {
  const bench = (await workerBench(t))!;
  const worker = bench.start();
  // The channel closes while the worker's modules still load: no listener hears 'disconnect'.
  worker.child.disconnect();
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
});
