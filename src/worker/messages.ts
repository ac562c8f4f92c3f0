// What a worker process tells the daemon over the IPC channel. Counts only: the daemon never
// holds job payloads. One report a second, so a busy worker costs the daemon one small message.

export interface QueueTally {
  // Runs that began, and how runs ended, since the previous report.
  started: number;
  completed: number;
  retried: number;
  failed: number;
  // Sum and maximum of the run times of runs that ended.
  runMsSum: number;
  runMsMax: number;
}

export type WorkerMessage =
  | WorkerReport
  // Asks the daemon to replace this process (start a new one, then stop this one, which drains).
  | { readonly type: 'recycle'; readonly reason: string };

export interface WorkerReport {
  readonly type: 'report';
  readonly at: number;
  // Jobs running now and the process's slots.
  readonly running: number;
  readonly capacity: number;
  readonly queues: Readonly<Record<string, QueueTally>>;
  // If the process has not reported again by this time, a handler is blocking its event loop
  // past its timeout and grace: the daemon kills the process (its jobs are delivered again).
  readonly hardDeadline: number | null;
}

export function emptyTally(): QueueTally {
  return { started: 0, completed: 0, retried: 0, failed: 0, runMsSum: 0, runMsMax: 0 };
}

// Accepts only well-formed messages: a worker runs user code and may send anything.
export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (m.type === 'recycle') return typeof m.reason === 'string';
  return (
    m.type === 'report' &&
    typeof m.at === 'number' &&
    typeof m.running === 'number' &&
    typeof m.capacity === 'number' &&
    typeof m.queues === 'object' &&
    m.queues !== null &&
    (m.hardDeadline === null || typeof m.hardDeadline === 'number')
  );
}
