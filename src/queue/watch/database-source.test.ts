import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { type BacklogSource, DUE_HORIZON_MS } from '../types.js';
import { openBacklogSource } from './index.js';
import {
  createLaravelDatabase,
  type Engine,
  type LaravelDatabase,
} from './test-support/laravel-tables.js';

// Half a second past a whole Unix second, so ms and Laravel's seconds visibly differ.
const NOW_SEC = 1_700_000_000;
const NOW = NOW_SEC * 1000 + 500;

// One queue in every state, each boundary on both sides (retry_after 90 s).
const paymentsRows = [
  { queue: 'payments', availableAt: NOW_SEC - 30 }, // ready, waited 30.5 s
  { queue: 'payments', availableAt: NOW_SEC }, // ready: available_at <= now
  { queue: 'payments', availableAt: NOW_SEC + 1 }, // delayed
  { queue: 'payments', availableAt: NOW_SEC + 60 }, // delayed
  { queue: 'payments', availableAt: NOW_SEC - 100, reservedAt: NOW_SEC - 10 }, // reserved
  { queue: 'payments', availableAt: NOW_SEC - 100, reservedAt: NOW_SEC - 89 }, // reserved
  // Reserved exactly retry_after ago: Laravel hands it out again, so it is ready, and its
  // available_at makes it the oldest.
  { queue: 'payments', availableAt: NOW_SEC - 120, reservedAt: NOW_SEC - 90 },
];
const otherRows = [
  { queue: 'default', availableAt: NOW_SEC - 5 },
  { queue: 'not-asked', availableAt: NOW_SEC - 500 },
];

// Sets up a database with the tables, opens a source on it and closes both after the test.
async function open(
  t: TestContext,
  engine: Engine,
  options: { failed?: boolean; tables?: boolean; retryAfterSec?: number } = {},
): Promise<{ db: LaravelDatabase; source: BacklogSource } | null> {
  const db = await createLaravelDatabase(t, engine);
  if (db === null) return null;
  t.after(() => db.drop());
  if (options.tables !== false) await db.createTables({ failed: options.failed !== false });
  const source = await openBacklogSource({
    kind: 'laravel-database',
    url: db.url,
    table: db.jobsTable,
    failedTable: db.failedTable,
    ...(options.retryAfterSec === undefined ? {} : { retryAfterSec: options.retryAfterSec }),
  });
  t.after(() => source.close());
  return { db, source };
}

for (const engine of ['sqlite', 'postgres', 'mysql'] as const) {
  describe(`Laravel database queue on ${engine}`, () => {
    test('counts ready, delayed and reserved jobs in the requested order', async (t) => {
      const opened = await open(t, engine);
      if (opened === null) return;
      const { db, source } = opened;
      // Delayed default jobs: two due in 2 s, one at the end of the horizon, one past it.
      const horizonSec = DUE_HORIZON_MS / 1000;
      const delayedDefault = [2, 2, horizonSec, horizonSec + 1].map((inSec) => ({
        queue: 'default',
        availableAt: NOW_SEC + inSec,
      }));
      await db.insertJobs([...paymentsRows, ...otherRows, ...delayedDefault]);
      for (const queue of ['payments', 'payments', 'not-asked']) await db.insertFailed(queue);

      const snapshot = await source.snapshot(['default', 'empty', 'payments'], NOW, null);

      assert.equal(snapshot.at, NOW);
      const dueAt = (...pairs: [number, number][]) =>
        pairs.map(([inSec, count]) => ({ atMs: (NOW_SEC + inSec) * 1000, count }));
      assert.deepEqual(snapshot.queues, [
        {
          queue: 'default',
          ready: 1,
          delayed: 4,
          reserved: 0,
          failed: 0,
          oldestWaitMs: 5_500,
          dueAt: dueAt([2, 2], [horizonSec, 1]),
        },
        {
          queue: 'empty',
          ready: 0,
          delayed: 0,
          reserved: 0,
          failed: 0,
          oldestWaitMs: null,
          dueAt: [],
        },
        {
          queue: 'payments',
          ready: 3,
          delayed: 2,
          reserved: 2,
          failed: 2,
          oldestWaitMs: 120_500,
          dueAt: dueAt([1, 1], [60, 1]),
        },
      ]);
    });

    test('a shorter retry_after turns older reservations ready', async (t) => {
      const opened = await open(t, engine, { retryAfterSec: 10 });
      if (opened === null) return;
      await opened.db.insertJobs(paymentsRows);

      const [payments] = (await opened.source.snapshot(['payments'], NOW, null)).queues;

      assert.deepEqual(payments, {
        queue: 'payments',
        ready: 5,
        delayed: 2,
        reserved: 0,
        failed: 0,
        oldestWaitMs: 120_500,
        dueAt: [
          { atMs: (NOW_SEC + 1) * 1000, count: 1 },
          { atMs: (NOW_SEC + 60) * 1000, count: 1 },
        ],
      });
    });

    test('counts arrivals since the previous cursor, per queue', async (t) => {
      const opened = await open(t, engine);
      if (opened === null) return;
      const { db, source } = opened;
      const firstIds = await db.insertJobs([...paymentsRows, ...otherRows]);

      const first = await source.snapshot(['payments', 'default'], NOW, null);
      assert.deepEqual(first.arrivals, { payments: 0, default: 0 });
      assert.equal(first.cursor, Math.max(...firstIds));

      // Two new payments jobs, one for a queue nobody asked about, and a finished job deleted.
      const newIds = await db.insertJobs([
        { queue: 'payments', availableAt: NOW_SEC },
        { queue: 'not-asked', availableAt: NOW_SEC },
        { queue: 'payments', availableAt: NOW_SEC + 30 },
      ]);
      await db.deleteJob(firstIds[0]!);
      const second = await source.snapshot(['payments', 'default'], NOW + 1_000, first.cursor);
      assert.deepEqual(second.arrivals, { payments: 2, default: 0 });
      assert.equal(second.cursor, Math.max(...newIds));

      const third = await source.snapshot(['payments', 'default'], NOW + 2_000, second.cursor);
      assert.deepEqual(third.arrivals, { payments: 0, default: 0 });
      assert.equal(third.cursor, second.cursor);
    });

    test('an empty table reports zeros and cursor 0', async (t) => {
      const opened = await open(t, engine);
      if (opened === null) return;

      const snapshot = await opened.source.snapshot(['payments'], NOW, 41);

      assert.deepEqual(snapshot, {
        at: NOW,
        queues: [
          {
            queue: 'payments',
            ready: 0,
            delayed: 0,
            reserved: 0,
            failed: 0,
            oldestWaitMs: null,
            dueAt: [],
          },
        ],
        arrivals: { payments: 0 },
        cursor: 0,
      });
    });

    test('without a failed_jobs table, failed is null', async (t) => {
      const opened = await open(t, engine, { failed: false });
      if (opened === null) return;
      await opened.db.insertJobs(otherRows);

      const snapshot = await opened.source.snapshot(['default'], NOW, null);

      assert.equal(snapshot.queues[0]?.failed, null);
      assert.equal(snapshot.queues[0]?.ready, 1);
    });

    test('before the app migrated, a snapshot rejects; once it has, it reads', async (t) => {
      const opened = await open(t, engine, { tables: false });
      if (opened === null) return;

      await assert.rejects(opened.source.snapshot(['default'], NOW, null), (error: unknown) => {
        assert.ok(isCrewError(error));
        assert.equal(error.code, 'CREW_BACKLOG_UNAVAILABLE');
        assert.match(error.message, /cannot read the backlog from (sqlite|postgres|mysql):/);
        assert.match(error.details.join('\n'), new RegExp(opened.db.jobsTable));
        return true;
      });

      await opened.db.createTables({ failed: true });
      await opened.db.insertFailed('default');
      const snapshot = await opened.source.snapshot(['default'], NOW, null);
      assert.equal(snapshot.queues[0]?.failed, 1);
    });
  });
}
