// crew's embedded job store on one SQLite file. better-sqlite3 is synchronous: every call is
// one short transaction, and the async signatures only match the JobStore contract.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { payloadUuid } from '../payload.js';
import { buildSnapshot, type CountRow as Counts } from '../snapshot.js';
import type {
  ClaimedJob,
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
  newClaimToken,
  stalledException,
  stallVerdict,
  unixSeconds,
} from '../store.js';
import type { BacklogSnapshot } from '../types.js';
import { openSqlite } from './open.js';
import { migrateSqlite } from './schema.js';

interface CountRow extends Counts {
  readonly queue: string;
}

// `holder`: this process's instance id, prefixing its claim tokens (see newClaimToken).
export function openSqliteStore(path: string, options: { holder?: string } = {}): JobStore {
  const db = openSqlite(path);
  let prepared: ReturnType<typeof prepare> | null = null;
  // Statements need the tables; they are prepared on first use after migrate().
  const q = () => {
    prepared ??= prepare(db);
    return prepared;
  };

  const claimTx = db.transaction(
    (
      claims: readonly { queue: string; limit: number }[],
      total: number,
      leaseMs: number,
      now: number,
      finished: readonly HeldJob[],
    ) => {
      const s = q();
      for (const job of finished) s.complete.run(job.id, job.token);
      s.reap.run({ ms: now });
      const token = newClaimToken(options.holder);
      const out: ClaimedJob[] = [];
      for (const { queue, limit } of claims) {
        const take = Math.min(limit, total - out.length);
        if (take <= 0) continue;
        const rows = s.claim.all({
          queue,
          limit: take,
          sec: unixSeconds(now),
          token,
          lease: now + leaseMs,
        }) as { id: number; queue: string; payload: string; attempts: number }[];
        for (const row of rows) out.push({ ...row, token });
      }
      return out;
    },
  );

  const addTx = db.transaction(
    (rows: readonly { queue: string; payload: string; availableAtSec: number }[], now: number) => {
      const insert = q().insert;
      return rows.map((row) =>
        Number(
          insert.run({
            queue: row.queue,
            payload: row.payload,
            at: row.availableAtSec,
            now: unixSeconds(now),
          }).lastInsertRowid,
        ),
      );
    },
  );

  const completeTx = db.transaction((jobs: readonly HeldJob[]) => {
    const del = q().complete;
    let n = 0;
    for (const job of jobs) n += del.run(job.id, job.token).changes;
    return n;
  });

  const renewTx = db.transaction((jobs: readonly HeldJob[], leaseMs: number, now: number) => {
    const renew = q().renew;
    return jobs
      .filter((job) => renew.run(now + leaseMs, job.id, job.token).changes === 1)
      .map((j) => j.id);
  });

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

  const snapshotTx = db.transaction(
    (queues: readonly string[], now: number, cursor: number | null): BacklogSnapshot => {
      const s = q();
      const counts = new Map<string, CountRow>();
      for (const row of s.counts.all({ sec: unixSeconds(now), ms: now }) as CountRow[])
        counts.set(row.queue, row);
      const failed = new Map<string, number>();
      for (const row of s.failedCounts.all() as { queue: string; n: number }[])
        failed.set(row.queue, row.n);
      const maxId = (s.maxId.get() as { id: number | null }).id ?? 0;
      const arrived = new Map<string, number>();
      if (cursor !== null) {
        for (const row of s.arrivals.all(cursor) as { queue: string; n: number }[])
          arrived.set(row.queue, row.n);
      }
      return buildSnapshot(queues, now, counts, failed, arrived, Math.max(cursor ?? 0, maxId));
    },
  );

  return {
    kind: 'sqlite',
    where: path,
    async migrate() {
      migrateSqlite(db);
    },
    async add(rows, now) {
      return addTx.immediate(rows, now);
    },
    async claim(claims, total, leaseMs, now, finished = []) {
      return claimTx.immediate(claims, total, leaseMs, now, finished);
    },
    async complete(jobs) {
      return jobs.length === 0 ? 0 : completeTx.immediate(jobs);
    },
    async release(job, availableAtSec, { refund = false } = {}) {
      return q().release.run(availableAtSec, refund ? 1 : 0, job.id, job.token).changes === 1;
    },
    async fail(job, record, now) {
      return failTx.immediate(job, record, now);
    },
    async renew(jobs, leaseMs, now) {
      return jobs.length === 0 ? [] : renewTx.immediate(jobs, leaseMs, now);
    },
    async releaseHolder(holder, options) {
      return releaseHolderTx.immediate(holder, options);
    },
    async snapshot(queues, now, cursor) {
      return snapshotTx.deferred(queues, now, cursor);
    },
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
    async close() {
      db.close();
    },
  };
}

const READY =
  '(reserved_at IS NULL AND available_at <= @sec) OR (reserved_at IS NOT NULL AND lease_until_ms <= @ms)';

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      'INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) VALUES (@queue, @payload, 0, NULL, @at, @now)',
    ),
    // A lapsed claim becomes ready again; its holder's token no longer matches anything.
    reap: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL WHERE lease_until_ms IS NOT NULL AND lease_until_ms <= @ms',
    ),
    claim: db.prepare(
      `UPDATE jobs SET reserved_at = @sec, attempts = attempts + 1, claim_token = @token, lease_until_ms = @lease
       WHERE id IN (SELECT id FROM jobs WHERE queue = @queue AND reserved_at IS NULL AND available_at <= @sec ORDER BY id LIMIT @limit)
       RETURNING id, queue, payload, attempts`,
    ),
    complete: db.prepare('DELETE FROM jobs WHERE id = ? AND claim_token = ?'),
    release: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL, available_at = ?, attempts = MAX(attempts - ?, 0) WHERE id = ? AND claim_token = ?',
    ),
    renew: db.prepare('UPDATE jobs SET lease_until_ms = ? WHERE id = ? AND claim_token = ?'),
    held: db.prepare('SELECT queue, payload FROM jobs WHERE id = ? AND claim_token = ?'),
    // Claimed rows only (the lease index), those of one holder by token range.
    heldBy: db.prepare(
      'SELECT id, queue, payload, stalls FROM jobs WHERE lease_until_ms >= 0 AND claim_token >= @lo AND claim_token < @hi',
    ),
    // Back to ready without spending the try its claim counted.
    unstall: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL, attempts = MAX(attempts - 1, 0), stalls = stalls + 1 WHERE id = ?',
    ),
    deleteId: db.prepare('DELETE FROM jobs WHERE id = ?'),
    insertFailed: db.prepare(
      'INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at) VALUES (@uuid, @connection, @queue, @payload, @exception, @failedAt) ON CONFLICT (uuid) DO NOTHING',
    ),
    counts: db.prepare(
      `SELECT queue,
         SUM(CASE WHEN ${READY} THEN 1 ELSE 0 END) AS ready,
         SUM(CASE WHEN reserved_at IS NULL AND available_at > @sec THEN 1 ELSE 0 END) AS delayed,
         SUM(CASE WHEN reserved_at IS NOT NULL AND lease_until_ms > @ms THEN 1 ELSE 0 END) AS reserved,
         MIN(CASE WHEN ${READY} THEN available_at END) AS oldest
       FROM jobs GROUP BY queue`,
    ),
    failedCounts: db.prepare('SELECT queue, COUNT(*) AS n FROM failed_jobs GROUP BY queue'),
    maxId: db.prepare('SELECT MAX(id) AS id FROM jobs'),
    arrivals: db.prepare('SELECT queue, COUNT(*) AS n FROM jobs WHERE id > ? GROUP BY queue'),
    failedList: db.prepare('SELECT * FROM failed_jobs ORDER BY id DESC LIMIT ?'),
    failedListQueue: db.prepare(
      'SELECT * FROM failed_jobs WHERE queue = ? ORDER BY id DESC LIMIT ?',
    ),
    failedCount: db.prepare('SELECT COUNT(*) AS n FROM failed_jobs'),
    failedAll: db.prepare('SELECT id, queue, payload FROM failed_jobs ORDER BY id'),
    failedOne: db.prepare('SELECT id, queue, payload FROM failed_jobs WHERE id = ?'),
    deleteFailed: db.prepare('DELETE FROM failed_jobs WHERE id = ?'),
    flushAll: db.prepare('DELETE FROM failed_jobs'),
    flushBefore: db.prepare('DELETE FROM failed_jobs WHERE failed_at < ?'),
  };
}
