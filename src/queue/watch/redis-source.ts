// A BacklogSource over a Laravel Redis queue (key layout in redis-counts.ts). One snapshot is one
// MULTI/EXEC sent as one pipeline: one round trip, and Redis runs the commands back to back, so
// a job a worker moves between keys meanwhile is neither lost nor counted twice.

import { Redis } from 'ioredis';
import type { BacklogSnapshot, BacklogSource } from '../types.js';
import { COMMANDS_PER_QUEUE, countRedisQueue, parseQueueReplies } from './redis-counts.js';
import { describeCause, unreachableSource, unreadableSource } from './source-errors.js';

const CONNECT_TIMEOUT_MS = 5_000;
// Reconnect after a lost connection, waiting longer each time up to this.
const MAX_RECONNECT_DELAY_MS = 5_000;
const DISCONNECT_TIMEOUT_MS = 100;

export interface RedisSourceOptions {
  readonly url: string;
  // Laravel's database.redis.options.prefix (REDIS_PREFIX), e.g. "laravel-database-".
  readonly prefix: string;
  // The URL for messages, password masked.
  readonly label: string;
}

// Connects and returns the source; throws CREW_BACKLOG_UNAVAILABLE if Redis does not answer.
export async function openRedisSource(options: RedisSourceOptions): Promise<BacklogSource> {
  let lastError: unknown = null;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // While disconnected, fail a snapshot at once instead of queueing it until Redis is back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    // disconnect() arms a timer of this length to destroy a socket that does not close, and
    // never clears it if the socket had closed already (a refused connection): the default 2 s
    // would hold the daemon's exit back.
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
  });
  // ioredis reports connection trouble as events; keep the latest for messages (unheard, it
  // would be printed to stderr on every reconnect attempt).
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() only says "Connection is closed"; the error event said why.
    throw unreachableSource(options.label, lastError ?? error);
  }

  async function snapshot(queues: readonly string[], now: number): Promise<BacklogSnapshot> {
    if (queues.length === 0) return { at: now, queues: [], arrivals: null, cursor: null };
    const nowSec = Math.floor(now / 1000);
    const multi = redis.multi();
    for (const queue of queues) {
      const key = `${options.prefix}queues:${queue}`;
      multi.llen(key).lindex(key, 0);
      multi.zcard(`${key}:delayed`).zcount(`${key}:delayed`, '-inf', nowSec);
      multi.zrangebyscore(`${key}:delayed`, '-inf', nowSec, 'WITHSCORES', 'LIMIT', 0, 1);
      multi.zcard(`${key}:reserved`).zcount(`${key}:reserved`, '-inf', nowSec);
      multi.zrangebyscore(`${key}:reserved`, '-inf', nowSec, 'WITHSCORES', 'LIMIT', 0, 1);
    }
    try {
      const results = await multi.exec();
      if (results === null) throw new Error('the transaction was discarded');
      const replies = results.map(([error, reply]) => {
        if (error !== null) throw error;
        return reply;
      });
      return {
        at: now,
        queues: queues.map((queue, index) => {
          const start = index * COMMANDS_PER_QUEUE;
          const parsed = parseQueueReplies(replies.slice(start, start + COMMANDS_PER_QUEUE));
          return countRedisQueue(queue, parsed, now);
        }),
        arrivals: null,
        cursor: null,
      };
    } catch (error) {
      if (redis.status === 'ready' || lastError === null) {
        throw unreadableSource(
          options.label,
          error,
          `check that the keys under "${options.prefix}queues:" are Laravel's queue keys and ` +
            'that the prefix matches the app',
        );
      }
      // While reconnecting, the command fails for want of a connection; say why it is down.
      throw unreadableSource(
        options.label,
        `${describeCause(error)} (last connection error: ${describeCause(lastError)})`,
        'Redis is being reconnected to; check that it is running',
      );
    }
  }

  let closed: Promise<void> | null = null;
  return {
    snapshot,
    close() {
      closed ??= quit(redis);
      return closed;
    },
  };
}

// QUIT lets pending replies arrive; if the connection is already down, just stop reconnecting.
async function quit(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
