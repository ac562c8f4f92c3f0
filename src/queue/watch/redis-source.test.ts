import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { Redis } from 'ioredis';
import { isCrewError } from '../../errors/crew-error.js';
import { serverUrl, uniqueName } from '../test-support/servers.js';
import type { BacklogSource } from '../types.js';
import { openBacklogSource } from './index.js';

const NOW_SEC = 1_700_000_000;
const NOW = NOW_SEC * 1000 + 500;

// A payload as Laravel 12 writes it (createdAt, delay), or as older versions do (neither).
function payload(fields: Record<string, unknown>): string {
  return JSON.stringify({
    uuid: uniqueName('job'),
    job: 'Illuminate\\Queue\\CallQueuedHandler@call',
    attempts: 0,
    ...fields,
  });
}

// A Redis connection to write keys as Laravel would, under a prefix of the test's own (deleted
// afterwards), and a source reading them.
async function open(
  t: TestContext,
): Promise<{ redis: Redis; prefix: string; source: BacklogSource } | null> {
  const url = await serverUrl(t, 'redis');
  if (url === null) return null;
  const prefix = `${uniqueName()}_database_`;
  const redis = new Redis(url);
  t.after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  const source = await openBacklogSource({ kind: 'laravel-redis', url, prefix });
  t.after(() => source.close());
  return { redis, prefix, source };
}

test('counts the list, due and future delayed jobs, held and expired reservations', async (t) => {
  const opened = await open(t);
  if (opened === null) return;
  const { redis, prefix, source } = opened;
  const payments = `${prefix}queues:payments`;
  await redis.rpush(
    payments,
    payload({ createdAt: NOW_SEC - 40, delay: null }), // head: waited 40.5 s
    payload({ createdAt: NOW_SEC - 1 }),
    payload({ createdAt: NOW_SEC }),
  );
  const delayed: [score: number, payload: string][] = [
    [NOW_SEC - 50, payload({ createdAt: NOW_SEC - 80, delay: 30 })], // due 50.5 s ago: the oldest
    [NOW_SEC, payload({ createdAt: NOW_SEC - 10, delay: 10 })], // due now
    [NOW_SEC + 1, payload({ createdAt: NOW_SEC, delay: 1 })],
    [NOW_SEC + 60, payload({ createdAt: NOW_SEC, delay: 60 })],
  ];
  await redis.zadd(`${payments}:delayed`, ...delayed.flat());
  const reserved: [score: number, payload: string][] = [
    [NOW_SEC + 30, payload({ attempts: 1 })], // held
    [NOW_SEC, payload({ attempts: 1 })], // expired now
    [NOW_SEC - 10, payload({ attempts: 2 })], // expired 10.5 s ago
  ];
  await redis.zadd(`${payments}:reserved`, ...reserved.flat());
  // Horizon's stamp: microtime(true) as a string.
  await redis.rpush(`${prefix}queues:default`, payload({ pushedAt: `${NOW_SEC - 10}.25` }));

  const snapshot = await source.snapshot(['default', 'empty', 'payments'], NOW, null);

  assert.deepEqual(snapshot, {
    at: NOW,
    queues: [
      { queue: 'default', ready: 1, delayed: 0, reserved: 0, failed: null, oldestWaitMs: 10_250 },
      { queue: 'empty', ready: 0, delayed: 0, reserved: 0, failed: null, oldestWaitMs: null },
      { queue: 'payments', ready: 7, delayed: 2, reserved: 1, failed: null, oldestWaitMs: 50_500 },
    ],
    arrivals: null,
    cursor: null,
  });
});

test('the oldest wait is unknown when the head payload carries no usable time', async (t) => {
  const opened = await open(t);
  if (opened === null) return;
  const { redis, prefix, source } = opened;
  // Laravel before 12 stamps nothing; a retried job's stamps tell its first push only.
  await redis.rpush(`${prefix}queues:old`, payload({}), payload({}));
  await redis.rpush(`${prefix}queues:retried`, payload({ createdAt: NOW_SEC - 300, attempts: 1 }));

  const snapshot = await source.snapshot(['old', 'retried'], NOW, null);

  assert.deepEqual(
    snapshot.queues.map((counts) => [counts.queue, counts.ready, counts.oldestWaitMs]),
    [
      ['old', 2, null],
      ['retried', 1, null],
    ],
  );
});

test('a key of the wrong type makes the snapshot reject with a coded error', async (t) => {
  const opened = await open(t);
  if (opened === null) return;
  await opened.redis.set(`${opened.prefix}queues:broken`, 'not a list');

  await assert.rejects(opened.source.snapshot(['broken'], NOW, null), (error: unknown) => {
    assert.ok(isCrewError(error));
    assert.equal(error.code, 'CREW_BACKLOG_UNAVAILABLE');
    assert.match(error.message, /cannot read the backlog from redis:\/\/.*WRONGTYPE/);
    return true;
  });
});

test('asking for no queues answers without a round trip', async (t) => {
  const opened = await open(t);
  if (opened === null) return;

  assert.deepEqual(await opened.source.snapshot([], NOW, null), {
    at: NOW,
    queues: [],
    arrivals: null,
    cursor: null,
  });
});
