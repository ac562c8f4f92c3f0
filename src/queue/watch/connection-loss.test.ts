import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { isCrewError } from '../../errors/crew-error.js';
import { serverUrl } from '../test-support/servers.js';
import type { BacklogSource } from '../types.js';
import { type BacklogSourceSpec, openBacklogSource } from './index.js';
import { createLaravelDatabase } from './test-support/laravel-tables.js';
import { startTcpProxy } from './test-support/tcp-proxy.js';

const NOW = 1_700_000_000_500;
const RETRY_LIMIT = 100;
const RETRY_PAUSE_MS = 20;

// Cuts every connection under a source that has read once, then snapshots until one succeeds
// again: each failure in between must be a coded rejection, and nothing may crash the process
// (an unheard 'error' event would end it and fail this test).
async function assertSurvivesCut(
  t: TestContext,
  url: string,
  defaultPort: number,
  spec: (url: string) => BacklogSourceSpec,
  queues: readonly string[],
): Promise<void> {
  const proxy = await startTcpProxy(url, defaultPort);
  t.after(() => proxy.close());
  const source: BacklogSource = await openBacklogSource(spec(proxy.url));
  t.after(() => source.close());
  await source.snapshot(queues, NOW, null);

  proxy.cutAll();

  const failures: string[] = [];
  for (let attempt = 0; attempt < RETRY_LIMIT; attempt += 1) {
    try {
      const snapshot = await source.snapshot(queues, NOW, null);
      assert.deepEqual(
        snapshot.queues.map((counts) => counts.queue),
        queues,
      );
      return;
    } catch (error) {
      assert.ok(isCrewError(error), String(error));
      assert.equal(error.code, 'CREW_BACKLOG_UNAVAILABLE');
      assert.doesNotMatch(error.message, new RegExp(`:${new URL(url).port || defaultPort}/`));
      failures.push(error.message);
      // The driver reconnects on its own schedule; give it a moment between attempts.
      await delay(RETRY_PAUSE_MS);
    }
  }
  assert.fail(`no snapshot succeeded after the cut:\n${failures.join('\n')}`);
}

test('a PostgreSQL source reads again after its connection is cut', async (t) => {
  const db = await createLaravelDatabase(t, 'postgres');
  if (db === null) return;
  t.after(() => db.drop());
  await db.createTables({ failed: true });
  await assertSurvivesCut(
    t,
    db.url,
    5432,
    (url) => ({ kind: 'laravel-database', url, table: db.jobsTable, failedTable: db.failedTable }),
    ['default'],
  );
});

test('a MySQL source reads again after its connection is cut', async (t) => {
  const db = await createLaravelDatabase(t, 'mysql');
  if (db === null) return;
  t.after(() => db.drop());
  await db.createTables({ failed: true });
  await assertSurvivesCut(
    t,
    db.url,
    3306,
    (url) => ({ kind: 'laravel-database', url, table: db.jobsTable, failedTable: db.failedTable }),
    ['default'],
  );
});

test('a Redis source reads again after its connection is cut', async (t) => {
  const url = await serverUrl(t, 'redis');
  if (url === null) return;
  await assertSurvivesCut(
    t,
    url,
    6379,
    (proxied) => ({ kind: 'laravel-redis', url: proxied, prefix: 'crew_t_unused_' }),
    ['default'],
  );
});
