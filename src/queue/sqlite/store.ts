import { buildSnapshot, type CountRow as Counts } from '../snapshot.js';
import type { ClaimedJob, HeldJob, JobStore } from '../store.js';
import { newClaimToken, unixSeconds } from '../store.js';
import type { BacklogSnapshot } from '../types.js';
import { createSqliteFailures } from './failures.js';
import { openSqlite } from './open.js';
import { sqliteStoreError } from './open-errors.js';
import { migrateSqlite } from './schema.js';
import { prepare, type Statements } from './statements.js';
import { watchWal } from './watch.js';

interface CountRow extends Counts {
  readonly queue: string;
}

// `holder`: this process's instance id, prefixing its claim tokens (see newClaimToken).
export function openSqliteStore(path: string, options: { holder?: string } = {}): JobStore {
  const db = openSqlite(path);
  let prepared: Statements | null = null;
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

  const { failTx, releaseHolderTx, failedJobOps } = createSqliteFailures(db, q);

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

  // When a queue's first job becomes claimable (ms): its oldest due time or lapsing lease.
  const firstDue = (queue: string): number | null =>
    (q().nextDue.get(queue) as { at: number | null }).at;
  const dueBy = (queue: string, now: number) =>
    (q().claimable.get({ queue, sec: unixSeconds(now), ms: now }) as { yes: number }).yes === 1;

  const store: JobStore = {
    kind: 'sqlite',
    where: path,
    async migrate() {
      migrateSqlite(db);
    },
    async add(rows, now) {
      return addTx.immediate(rows, now);
    },
    async claim(claims, total, leaseMs, now, finished = []) {
      // A look without the write lock first: idle workers woken by every commit on the file
      // (watch.ts) must not queue for the lock only to find nothing.
      if (finished.length === 0 && !claims.some((c) => c.limit > 0 && dueBy(c.queue, now)))
        return [];
      return claimTx.immediate(claims, total, leaseMs, now, finished);
    },
    async nextDue(queues) {
      let next: number | null = null;
      for (const queue of queues) {
        const at = firstDue(queue);
        if (at !== null && (next === null || at < next)) next = at;
      }
      return next;
    },
    async watch(wake, log) {
      return watchWal(path, wake, log);
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
    ...failedJobOps,
    async close() {
      db.close();
    },
  };
  return withFileErrors(store, path);
}

// Every method's failure that is a file or disk problem (full, damaged, gone) comes out as the
// one-line CrewError naming the file (open-errors.ts), in workers and the daemon as in the CLI.
function withFileErrors(store: JobStore, path: string): JobStore {
  const wrapped: Record<string, unknown> = { ...store };
  for (const [key, value] of Object.entries(store)) {
    if (typeof value !== 'function') continue;
    wrapped[key] = async (...args: unknown[]) => {
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw sqliteStoreError(error, path) ?? error;
      }
    };
  }
  return wrapped as unknown as JobStore;
}
