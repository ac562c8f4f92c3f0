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
  // Puts a held job back, runnable at availableAtSec; false if the claim was lost.
  release(job: HeldJob, availableAtSec: number): Promise<boolean>;
  // Moves a held job to failed_jobs with the error text; false if the claim was lost.
  fail(job: HeldJob, record: FailRecord, now: number): Promise<boolean>;
  // Extends the leases of held jobs; returns the ids whose claim is still held.
  renew(jobs: readonly HeldJob[], leaseMs: number, now: number): Promise<number[]>;
  failedList(options: { limit: number; queue?: string }): Promise<FailedJobRow[]>;
  failedCount(): Promise<number>;
  // Puts failed jobs back on their queues (attempts reset); returns the ids retried.
  failedRetry(ids: readonly number[] | 'all', now: number): Promise<number[]>;
  // Deletes failed jobs (all, or those failed before a time); returns how many.
  failedFlush(before?: number): Promise<number>;
}

// The connection name written to failed_jobs.connection (Laravel writes its connection name).
export const FAILED_CONNECTION = 'crew';

// Unix seconds, as Laravel's tables hold times (its currentTime() is time()).
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

// A fresh claim token, fencing a claim against one that lapsed and was taken again.
export function newClaimToken(): string {
  return randomBytes(9).toString('base64url');
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
