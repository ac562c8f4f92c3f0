// What every queue backend shares: the counts of a queue as crew's own store and the backlog
// watchers (Laravel database and Redis queues) report them. Times are Unix milliseconds here even
// though Laravel's columns hold seconds; the conversion happens at the SQL boundary.

// One queue's backlog at one instant.
export interface QueueCounts {
  readonly queue: string;
  // Runnable now: not reserved (or reserved with an expired lease) and available_at <= now.
  readonly ready: number;
  // Not yet runnable: available_at > now.
  readonly delayed: number;
  // Held by a worker whose lease has not expired.
  readonly reserved: number;
  // Rows in failed_jobs for this queue (null where the source has no such table).
  readonly failed: number | null;
  // now − the oldest ready job's available_at, in ms; null when nothing is ready.
  readonly oldestWaitMs: number | null;
  // The delayed jobs that fall due within DUE_HORIZON_MS, by the time they do (ms, oldest
  // first), where the source can tell (a watched Laravel database); absent where it cannot.
  readonly dueAt?: readonly DueCount[];
}

// How many delayed jobs fall due at one time (ms).
export interface DueCount {
  readonly atMs: number;
  readonly count: number;
}

// How far ahead `dueAt` looks: the longest target_wait it serves well.
export const DUE_HORIZON_MS = 600_000;

// A reading of several queues, with what rate estimates need.
export interface BacklogSnapshot {
  readonly at: number;
  readonly queues: readonly QueueCounts[];
  // Jobs per queue that arrived since the previous snapshot's cursor (rows whose id is above
  // it: Laravel's ids only grow), and the cursor to pass next time. A job that arrived and was
  // deleted between two snapshots is missed. null where the source has no growing ids (Laravel's
  // Redis queue): rates there come from the counts alone.
  readonly arrivals: Readonly<Record<string, number>> | null;
  readonly cursor: number | null;
}

// Anything that can report a backlog: crew's store, a watched Laravel database or Redis queue.
export interface BacklogSource {
  // Counts for exactly these queues, in this order (queues with no jobs report zeros).
  // `cursor` is the previous snapshot's; null on the first call (arrivals are then all zero).
  snapshot(queues: readonly string[], now: number, cursor: number | null): Promise<BacklogSnapshot>;
  close(): Promise<void>;
}

// A queue as `crew queues`, `/status` and `/metrics` show it: the latest counts and the rates
// over the last minute.
export interface QueueReport extends QueueCounts {
  // Where the counts come from: crew's own store or a watched Laravel queue.
  readonly source: 'crew' | 'laravel-database' | 'laravel-redis';
  // Pools that serve this queue.
  readonly pools: readonly string[];
  readonly arrivalsPerSec: number | null;
  readonly completionsPerSec: number | null;
  // Jobs finished since the daemon started, by outcome (built-in workers report these; null for
  // watched queues, whose workers crew cannot see).
  readonly totals: Readonly<Record<JobOutcome, number>> | null;
  // Target for the oldest wait, from the pool's `target_wait` (null if none).
  readonly targetWaitMs: number | null;
}

// How one attempt of a job ended: as its handler decided, or `stalled` (its worker died while
// running it; crew put it back without spending the try, or failed it past max_stalls).
export type JobOutcome = 'completed' | 'retried' | 'failed' | 'stalled';
