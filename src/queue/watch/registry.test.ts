import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crewConfig, poolConfig } from '../../config/test-support/pool-config.js';
import type { BacklogConfig } from '../../config/types.js';
import { createWatchRegistry, wantedSources } from './registry.js';
import { createLaravelDatabase } from './test-support/laravel-tables.js';

const backlog = (over: Partial<BacklogConfig>): BacklogConfig => ({
  kind: 'laravel-database',
  url: 'postgres://app:s3cret@db/app',
  queues: ['default'],
  table: 'jobs',
  failedTable: 'failed_jobs',
  retryAfterSec: 90,
  prefix: '',
  ...over,
});

test('pools that share a source share one entry; labels never show a password', () => {
  const config = crewConfig([
    poolConfig('payments', { backlog: backlog({ queues: ['payments', 'default'] }) }),
    poolConfig('default', { backlog: backlog({ queues: ['default'] }) }),
    poolConfig('cache', { backlog: backlog({ kind: 'laravel-redis', url: 'redis://:pw@r/0' }) }),
  ]);
  const wanted = [...wantedSources(config).values()];
  assert.equal(wanted.length, 2);
  const [db, redis] = wanted;
  assert.deepEqual(db!.queues, ['payments', 'default']);
  assert.deepEqual(db!.pools.get('default'), ['payments', 'default']);
  assert.equal(db!.label, 'laravel-database postgres://app:***@db/app');
  assert.equal(redis!.label, 'laravel-redis redis://:***@r/0');
});

test('reconfigure opens new sources, keeps shared ones, closes dropped ones; a bad one is logged once', async (t) => {
  const db = await createLaravelDatabase(t, 'sqlite');
  assert.ok(db);
  await db.createTables({ failed: true });
  await db.insertJobs([{ queue: 'payments', availableAt: 0 }]);
  const logged: string[] = [];
  const registry = createWatchRegistry((line) => logged.push(line));
  const watched = poolConfig('payments', {
    backlog: backlog({
      url: db.url,
      queues: ['payments'],
      table: db.jobsTable,
      failedTable: db.failedTable,
    }),
  });
  const broken = poolConfig('broken', {
    backlog: backlog({ url: 'postgres://app:s3cret@127.0.0.1:1/app' }),
  });
  await registry.reconfigure(crewConfig([watched, broken]));
  await registry.reconfigure(crewConfig([watched, broken]));
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^queues: cannot watch laravel-database postgres:\/\/app:\*\*\*@/);
  assert.doesNotMatch(logged[0]!, /s3cret/);
  const [reading] = await registry.read(Date.now());
  assert.equal(reading?.snapshot.queues[0]?.ready, 1);
  assert.deepEqual(reading?.pools.get('payments'), ['payments']);
  await registry.reconfigure(crewConfig([]));
  assert.deepEqual(await registry.read(Date.now()), []);
  await registry.close();
  await db.drop();
});
