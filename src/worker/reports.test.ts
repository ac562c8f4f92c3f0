import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmitter } from '../events/typed-emitter.js';
import type { WorkerEvents } from './events.js';
import { emptyTally, type WorkerReport } from './messages.js';
import { receiveWorkerMessages, trackWorkerReports } from './reports.js';

type Events = WorkerEvents & { 'process:exit': { name: string; pid: number | null } };
const from = { name: 'jobs_00', pool: 'jobs', pid: 42 };
const report = (over: Partial<WorkerReport> = {}): WorkerReport => ({
  type: 'report',
  at: 1000,
  running: 3,
  capacity: 8,
  queues: {},
  hardDeadline: null,
  ...over,
});

test('a worker message becomes a report event or a recycle request; anything else is dropped', () => {
  const events = createEmitter<Events>();
  const seen: unknown[] = [];
  const recycled: string[] = [];
  const logged: string[] = [];
  events.on('worker:report', (e) => seen.push(e));
  const receive = receiveWorkerMessages({
    events,
    recycle: (name, pid, reason) => recycled.push(`${name} (${pid}): ${reason}`) > 0,
    log: (line) => logged.push(line),
  });
  for (const junk of [null, 'report', { type: 'report' }, { type: 'recycle' }, { type: 'x' }])
    receive(from, junk);
  assert.deepEqual(seen, []);
  receive(from, report());
  assert.deepEqual(seen, [{ ...from, report: report() }]);
  receive(from, { type: 'recycle', reason: 'max_jobs 100 reached' });
  assert.deepEqual(recycled, ['jobs_00 (42): max_jobs 100 reached']);
  assert.deepEqual(logged, ['jobs_00: recycling (max_jobs 100 reached)']);
});

test('the book keeps each worker’s latest report, sums pools and queues, and forgets exits', () => {
  const events = createEmitter<Events>();
  const finished: string[] = [];
  const book = trackWorkerReports(events);
  book.onFinished((queue, count, at) => finished.push(`${queue} ${count} ${at}`));
  const tally = { ...emptyTally(), completed: 4, retried: 1, failed: 2 };
  events.emit('worker:report', { ...from, report: report({ queues: { payments: tally } }) });
  events.emit('worker:report', {
    ...from,
    name: 'jobs_01',
    report: report({ running: 1, hardDeadline: 5000 }),
  });
  assert.deepEqual(book.busy().get('jobs'), { running: 4, capacity: 16 });
  assert.deepEqual(book.totals('payments'), { completed: 4, retried: 1, failed: 2, stalled: 0 });
  assert.deepEqual(book.totals('other'), { completed: 0, retried: 0, failed: 0, stalled: 0 });
  assert.deepEqual(finished, ['payments 6 1000']);
  // A dead worker's jobs: each a stall; the one failed past max_stalls also left the queue.
  events.emit('worker:stalled', {
    ...from,
    cause: 'killed by SIGKILL',
    released: [{ id: 1, queue: 'payments', stalls: 1 }],
    failed: [{ id: 2, queue: 'payments', stalls: 2, uuid: 'u' }],
  });
  assert.deepEqual(book.totals('payments'), { completed: 4, retried: 1, failed: 3, stalled: 2 });
  assert.match(finished[1]!, /^payments 1 \d+$/);
  assert.equal(book.workers().get('jobs_01')?.hardDeadline, 5000);
  // The exit of an older process of the same name (a replacement's predecessor) changes nothing.
  events.emit('process:exit', { name: 'jobs_01', pid: 7 });
  assert.deepEqual(book.busy().get('jobs'), { running: 4, capacity: 16 });
  events.emit('process:exit', { name: 'jobs_01', pid: 42 });
  assert.deepEqual(book.busy().get('jobs'), { running: 3, capacity: 8 });
  book.stop();
  events.emit('worker:report', { ...from, report: report({ running: 8 }) });
  assert.deepEqual(book.busy().get('jobs'), { running: 3, capacity: 8 });
});
