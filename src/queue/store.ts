// The job store's contract, implemented by sqlite/ and postgres/. Laravel's database-queue
// layout plus two columns Laravel ignores: `claim_token` (fencing: only the current holder of a
// claim can complete, release, fail or renew it) and `lease_until_ms` (when the claim lapses and
// the job is delivered again). Delivery is at least once; a row is deleted only on success.
import { randomBytes } from 'node:crypto';
import type { BacklogSource } from './types.js';

export interface NewJobRow {
  readonly queue: string;
  readonly payload: string;
  readonly availableAtSec: number;
}

export interface ClaimedJob {
  readonly id: number;
  readonly queue: string;
  readonly payload: string;
  // Including this claim (Laravel increments attempts when it reserves).
  readonly attempts: number;
  readonly token: string;
}

export interface HeldJob {
  readonly id: number;
  readonly token: string;
}

export interface QueueClaim {
  readonly queue: string;
  readonly limit: number;
}

export interface FailedJobRow {
  readonly id: number;
  readonly uuid: string;
  readonly connection: string;
  readonly queue: string;
  readonly payload: string;
  readonly exception: string;
  // ISO text as stored.
  readonly failedAt: string;
}

export interface FailRecord {
  readonly uuid: string;
  readonly exception: string;
}

export interface JobStore extends BacklogSource {
  readonly kind: 'sqlite' | 'postgres';
  // Where it is, for messages (no password).
  readonly where: string;
  // Creates or completes the tables; idempotent and safe to run from many processes at once.
  migrate(): Promise<void>;
  // Inserts in one transaction; returns the new ids in order.
  add(rows: readonly NewJobRow[], now: number): Promise<number[]>;
  // Claims up to each queue's limit and `total` in all, queues in the order given (priority
  // order), in one transaction. Lapsed claims are made ready again first.
  // `finished` are held jobs that succeeded: deleted first, in the same transaction where the
  // store allows, so a worker pays one round trip per job instead of two.
  claim(
    claims: readonly QueueClaim[],
    total: number,
    leaseMs: number,
    now: number,
    finished?: readonly HeldJob[],
  ): Promise<ClaimedJob[]>;
  // Deletes finished jobs still held with these tokens; returns how many were.
  complete(jobs: readonly HeldJob[]): Promise<number>;
  // Puts a held job back, runnable at availableAtSec; false if the claim was lost. `refund`
  // gives back the try its claim counted (a job crew put back unrun or interrupted at a drain's
  // deadline: not the job's failure); a retry after a failure keeps it spent.
  release(job: HeldJob, availableAtSec: number, options?: { refund?: boolean }): Promise<boolean>;
  // Moves a held job to failed_jobs with the error text; false if the claim was lost.
  fail(job: HeldJob, record: FailRecord, now: number): Promise<boolean>;
  // Extends the leases of held jobs; returns the ids whose claim is still held.
  renew(jobs: readonly HeldJob[], leaseMs: number, now: number): Promise<number[]>;
  // Puts back every job still claimed by a holder that is known to be gone (its process exited):
  // each goes back without spending its try and counts a stall; a job past maxStalls goes to
  // failed_jobs instead. Idempotent: a second call finds nothing.
  releaseHolder(holder: string, options: StallOptions): Promise<StallOutcome>;
  // When a job of these queues next becomes claimable without anyone adding one (ms): a delayed
  // job or a retry's backoff falling due, or a claim's lease lapsing; null when none is pending.
  // Asked after a claim found nothing, so the worker sleeps until then instead of a whole poll.
  nextDue(queues: readonly string[], now: number): Promise<number | null>;
  // Calls `wake` soon after jobs may have become claimable in any process sharing the store
  // (added, put back, retried): PostgreSQL LISTEN/NOTIFY, a watch on SQLite's WAL file. `queue`
  // is the queue when the store knows it, null for "some queue". Polling stays the safety net: a
  // watch that cannot start or breaks says so through `log` and the worker polls as before.
  watch(wake: (queue: string | null) => void, log: (line: string) => void): Promise<JobWatch>;
  failedList(options: { limit: number; queue?: string }): Promise<FailedJobRow[]>;
  failedCount(): Promise<number>;
  // Puts failed jobs back on their queues (attempts reset); returns the ids retried.
  failedRetry(ids: readonly number[] | 'all', now: number): Promise<number[]>;
  // Deletes failed jobs (all, or those failed before a time); returns how many.
  failedFlush(before?: number): Promise<number>;
}

export interface JobWatch {
  // How wake-ups arrive, for the worker's log: `LISTEN crew_jobs`, `inotify on …-wal`, `polling`.
  readonly how: string;
  close(): Promise<void>;
}

export interface StallOptions {
  readonly maxStalls: number;
  // Why the holder is gone, for the failed_jobs exception (e.g. "payments_01, pid 41, SIGKILL").
  readonly reason: string;
  readonly now: number;
}

export interface StalledJob {
  readonly id: number;
  readonly queue: string;
  // Stalls counted so far, including this one.
  readonly stalls: number;
}

export interface StallOutcome {
  // Put back on their queues, runnable at once.
  readonly released: readonly StalledJob[];
  // Past max_stalls: moved to failed_jobs.
  readonly failed: readonly (StalledJob & { readonly uuid: string })[];
}

// The connection name written to failed_jobs.connection (Laravel writes its connection name).
export const FAILED_CONNECTION = 'crew';

// Unix seconds, as Laravel's tables hold times (its currentTime() is time()).
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

// A fresh claim token, fencing a claim against one that lapsed and was taken again. A holder (the
// claiming process's instance id) prefixes it, so every claim of a process that died can be found
// and put back at once: `<holder>.<random>`.
export function newClaimToken(holder?: string): string {
  const random = randomBytes(9).toString('base64url');
  return holder ? `${holder}.${random}` : random;
}

// Claim tokens of a holder sort in [lo, hi): '/' follows '.', and neither is in base64url.
export function holderTokenRange(holder: string): { lo: string; hi: string } {
  return { lo: `${holder}.`, hi: `${holder}/` };
}

// A holder id: what newClaimToken accepts (base64url, short enough for the 32-character column).
export const HOLDER_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

// What becomes of a job whose holder died, counting this stall.
export function stallVerdict(stallsBefore: number, maxStalls: number): 'release' | 'fail' {
  return stallsBefore + 1 > maxStalls ? 'fail' : 'release';
}

// The failed_jobs exception of a job that stalled past max_stalls (Laravel's class-name style).
export function stalledException(stalls: number, options: StallOptions): string {
  return (
    `JobStalled: its worker died while running it ${stalls} time(s) ` +
    `(max_stalls ${options.maxStalls}); the last time: ${options.reason}`
  );
}

// The failed_jobs row of a job that failed at `now` (ms), with Laravel's column values.
export function failedJobRow(
  job: { readonly queue: string; readonly payload: string },
  record: FailRecord,
  now: number,
) {
  return {
    uuid: record.uuid,
    connection: FAILED_CONNECTION,
    queue: job.queue,
    payload: job.payload,
    exception: record.exception,
    failedAt: new Date(now).toISOString(),
  };
}
