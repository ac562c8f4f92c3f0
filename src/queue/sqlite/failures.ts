// What fails on the SQLite store: a job failed by its handler, the jobs of a worker that died
// (stalls; past max_stalls, failed), and failed_jobs itself (list, count, retry, flush).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { payloadUuid } from '../payload.js';
import type {
  FailedJobRow,
  FailRecord,
  HeldJob,
  JobStore,
  StallOptions,
  StallOutcome,
} from '../store.js';
import {
  failedJobRow,
  holderTokenRange,
  stalledException,
  stallVerdict,
  unixSeconds,
} from '../store.js';
import type { Statements } from './statements.js';

export interface SqliteFailures {
  readonly failTx: Database.Transaction<(job: HeldJob, record: FailRecord, now: number) => boolean>;
  readonly releaseHolderTx: Database.Transaction<
    (holder: string, options: StallOptions) => StallOutcome
  >;
  readonly failedJobOps: Pick<
    JobStore,
    'failedList' | 'failedCount' | 'failedRetry' | 'failedFlush'
  >;
}

export function createSqliteFailures(db: Database.Database, q: () => Statements): SqliteFailures {
  // A uuid already in failed_jobs (two jobs sharing one) gets a fresh one rather than an error
  // that would leave the job running again and again.
  const insertFailed = (
    row: { queue: string; payload: string },
    record: FailRecord,
    now: number,
  ) => {
    const s = q();
    if (s.insertFailed.run(failedJobRow(row, record, now)).changes === 0)
      s.insertFailed.run(failedJobRow(row, { ...record, uuid: randomUUID() }, now));
  };

  const failTx = db.transaction((job: HeldJob, record: FailRecord, now: number) => {
    const s = q();
    const row = s.held.get(job.id, job.token) as { queue: string; payload: string } | undefined;
    if (!row) return false;
    insertFailed(row, record, now);
    s.complete.run(job.id, job.token);
    return true;
  });

  const releaseHolderTx = db.transaction((holder: string, options: StallOptions) => {
    const s = q();
    const rows = s.heldBy.all(holderTokenRange(holder)) as {
      id: number;
      queue: string;
      payload: string;
      stalls: number;
    }[];
    const outcome: {
      released: StallOutcome['released'][number][];
      failed: StallOutcome['failed'][number][];
    } = {
      released: [],
      failed: [],
    };
    for (const row of rows) {
      const stalls = row.stalls + 1;
      if (stallVerdict(row.stalls, options.maxStalls) === 'release') {
        s.unstall.run(row.id);
        outcome.released.push({ id: row.id, queue: row.queue, stalls });
        continue;
      }
      const uuid = payloadUuid(row.payload) ?? randomUUID();
      insertFailed(row, { uuid, exception: stalledException(stalls, options) }, options.now);
      s.deleteId.run(row.id);
      outcome.failed.push({ id: row.id, queue: row.queue, stalls, uuid });
    }
    return outcome;
  });

  const retryTx = db.transaction((ids: readonly number[] | 'all', now: number) => {
    const s = q();
    const rows = (
      ids === 'all' ? s.failedAll.all() : ids.map((id) => s.failedOne.get(id)).filter(Boolean)
    ) as { id: number; queue: string; payload: string }[];
    for (const row of rows) {
      s.insert.run({
        queue: row.queue,
        payload: row.payload,
        at: unixSeconds(now),
        now: unixSeconds(now),
      });
      s.deleteFailed.run(row.id);
    }
    return rows.map((row) => row.id);
  });

  const failedJobOps: Pick<JobStore, 'failedList' | 'failedCount' | 'failedRetry' | 'failedFlush'> =
    {
      async failedList({ limit, queue }) {
        const rows = (
          queue === undefined ? q().failedList.all(limit) : q().failedListQueue.all(queue, limit)
        ) as {
          id: number;
          uuid: string;
          connection: string;
          queue: string;
          payload: string;
          exception: string;
          failed_at: string;
        }[];
        return rows.map(
          ({ failed_at, ...row }) => ({ ...row, failedAt: failed_at }) satisfies FailedJobRow,
        );
      },
      async failedCount() {
        return (q().failedCount.get() as { n: number }).n;
      },
      async failedRetry(ids, now) {
        return retryTx.immediate(ids, now);
      },
      async failedFlush(before) {
        const s = q();
        return before === undefined
          ? s.flushAll.run().changes
          : s.flushBefore.run(new Date(before).toISOString()).changes;
      },
    };
  return { failTx, releaseHolderTx, failedJobOps };
}
