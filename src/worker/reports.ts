// Where worker reports arrive (daemon side). The supervisor hands every IPC message of a worker
// host to receiveWorkerMessages: a well-formed report becomes a `worker:report` event, a recycle
// request goes to the supervisor (start a replacement, then drain this one), anything else is
// dropped (a worker runs user code and may send anything). trackWorkerReports keeps what the
// reports say: each process's running jobs, slots and hard deadline, and each queue's totals.
import type { EventBus } from '../events/typed-emitter.js';
import type { JobOutcome } from '../queue/types.js';
import type { WorkerEvents } from './events.js';
import { isWorkerMessage } from './messages.js';

export interface WorkerMessageDeps {
  readonly events: EventBus<WorkerEvents>;
  // Replaces the process (this pid: a replacement shares its name) as a recycle; false when it
  // cannot (not running, already draining).
  readonly recycle: (name: string, pid: number, reason: string) => boolean;
  readonly log: (line: string) => void;
}

export type WorkerMessageSink = (
  from: { readonly name: string; readonly pool: string; readonly pid: number },
  message: unknown,
) => void;

// Builds the function the supervisor calls with each message from a worker host.
export function receiveWorkerMessages(deps: WorkerMessageDeps): WorkerMessageSink {
  return (from, message) => {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'recycle') {
      if (deps.recycle(from.name, from.pid, message.reason))
        deps.log(`${from.name}: recycling (${message.reason})`);
      return;
    }
    deps.events.emit('worker:report', { ...from, report: message });
  };
}

export interface WorkerState {
  readonly pool: string;
  readonly pid: number;
  readonly running: number;
  readonly capacity: number;
  // Past this (Unix ms) without a newer report, a handler blocks the process's event loop.
  readonly hardDeadline: number | null;
}

export interface WorkerBook {
  // The latest report of each live worker process, by process name.
  workers(): ReadonlyMap<string, WorkerState>;
  // Jobs running and slots per pool.
  busy(): ReadonlyMap<string, { running: number; capacity: number }>;
  // Jobs finished per queue since the daemon started, by outcome.
  totals(queue: string): Readonly<Record<JobOutcome, number>>;
  // Calls listener with each queue's finished jobs (completed or failed) as reports arrive.
  onFinished(listener: (queue: string, count: number, at: number) => void): () => void;
  // Drops a process (it exited, or the watchdog killed it).
  forget(name: string): void;
  stop(): void;
}

type BookEvents = WorkerEvents & { 'process:exit': { name: string; pid: number | null } };

const zero = (): Record<JobOutcome, number> => ({
  completed: 0,
  retried: 0,
  failed: 0,
  stalled: 0,
});

// Keeps the workers' reports from the events.
export function trackWorkerReports(events: EventBus<BookEvents>): WorkerBook {
  const workers = new Map<string, WorkerState>();
  const finished = new Set<(queue: string, count: number, at: number) => void>();
  const totals = new Map<string, Record<JobOutcome, number>>();
  const offReport = events.on('worker:report', ({ name, pool, pid, report }) => {
    const { running, capacity, hardDeadline } = report;
    workers.set(name, { pool, pid, running, capacity, hardDeadline });
    for (const [queue, tally] of Object.entries(report.queues)) {
      const t = totals.get(queue) ?? zero();
      t.completed += tally.completed;
      t.retried += tally.retried;
      t.failed += tally.failed;
      totals.set(queue, t);
      const count = tally.completed + tally.failed;
      if (count > 0) for (const listener of finished) listener(queue, count, report.at);
    }
  });
  // A dead worker's jobs: each counts a stall; those past max_stalls also left the queue failed.
  const offStalled = events.on('worker:stalled', ({ released, failed }) => {
    for (const job of [...released, ...failed]) {
      const t = totals.get(job.queue) ?? zero();
      t.stalled++;
      totals.set(job.queue, t);
    }
    const failedBy = new Map<string, number>();
    for (const job of failed) failedBy.set(job.queue, (failedBy.get(job.queue) ?? 0) + 1);
    for (const [queue, count] of failedBy) {
      totals.get(queue)!.failed += count;
      for (const listener of finished) listener(queue, count, Date.now());
    }
  });
  // A replacement shares the name: only the exit of the process that reported counts.
  const offExit = events.on('process:exit', ({ name, pid }) => {
    if (workers.get(name)?.pid === pid) workers.delete(name);
  });

  return {
    workers: () => workers,
    busy() {
      const byPool = new Map<string, { running: number; capacity: number }>();
      for (const state of workers.values()) {
        const b = byPool.get(state.pool) ?? { running: 0, capacity: 0 };
        b.running += state.running;
        b.capacity += state.capacity;
        byPool.set(state.pool, b);
      }
      return byPool;
    },
    totals: (queue) => ({ ...(totals.get(queue) ?? zero()) }),
    onFinished(listener) {
      finished.add(listener);
      return () => finished.delete(listener);
    },
    forget: (name) => void workers.delete(name),
    stop() {
      offReport();
      offStalled();
      offExit();
    },
  };
}
