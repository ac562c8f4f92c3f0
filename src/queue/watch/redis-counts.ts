// One Laravel Redis queue's counts from the replies of one snapshot. Laravel keeps a queue in
// three keys (RedisQueue.php):
//   {prefix}queues:{name}           LIST of ready payloads (pushed with RPUSH, popped with LPOP,
//                                   so index 0 is the oldest);
//   {prefix}queues:{name}:delayed   ZSET scored by the Unix second the job becomes available;
//   {prefix}queues:{name}:reserved  ZSET scored by the Unix second the reservation expires.
// A worker's pop first moves delayed members that are due, and reserved members that expired,
// onto the list; until some worker pops, they sit in their ZSETs but are ready all the same.

import type { QueueCounts } from '../types.js';
import { readyAtFromPayload } from './payload-time.js';

// The commands a snapshot sends for one queue, in this order (redis-source.ts).
export const COMMANDS_PER_QUEUE = 8;

export interface RedisQueueReplies {
  readonly listLength: number;
  // The payload at index 0, null if the list is empty.
  readonly head: string | null;
  readonly delayedTotal: number;
  // Delayed members with score <= now, and the lowest such score (Unix seconds).
  readonly delayedDue: number;
  readonly oldestDueSec: number | null;
  readonly reservedTotal: number;
  // Reserved members with score <= now, and the lowest such score (Unix seconds).
  readonly reservedExpired: number;
  readonly oldestExpiredSec: number | null;
}

// Reads one queue's replies (LLEN, LINDEX 0, ZCARD, ZCOUNT, ZRANGEBYSCORE … LIMIT 0 1 on
// :delayed, then the same three on :reserved); throws on a reply of the wrong shape.
export function parseQueueReplies(replies: readonly unknown[]): RedisQueueReplies {
  const [listLength, head, delayedTotal, delayedDue, dueRange] = replies.slice(0, 5);
  const [reservedTotal, reservedExpired, expiredRange] = replies.slice(5, 8);
  return {
    listLength: readInteger(listLength),
    head: head === null ? null : String(head),
    delayedTotal: readInteger(delayedTotal),
    delayedDue: readInteger(delayedDue),
    oldestDueSec: readLowestScore(dueRange),
    reservedTotal: readInteger(reservedTotal),
    reservedExpired: readInteger(reservedExpired),
    oldestExpiredSec: readLowestScore(expiredRange),
  };
}

// The counts crew reports for the queue at `now` (Unix ms).
export function countRedisQueue(
  queue: string,
  replies: RedisQueueReplies,
  now: number,
): QueueCounts {
  // The oldest wait is the longest of what is known: the list head's push time (when its payload
  // records one), the first due delayed job's available time, and the first expired reservation's
  // expiry (its original availability is not recorded; the expiry is when it became deliverable
  // again). With an unknown head this is a lower bound.
  const readySince: number[] = [];
  const headReadyAt = replies.head === null ? null : readyAtFromPayload(replies.head);
  if (headReadyAt !== null) readySince.push(headReadyAt);
  if (replies.oldestDueSec !== null) readySince.push(replies.oldestDueSec * 1000);
  if (replies.oldestExpiredSec !== null) readySince.push(replies.oldestExpiredSec * 1000);
  return {
    queue,
    ready: replies.listLength + replies.delayedDue + replies.reservedExpired,
    delayed: replies.delayedTotal - replies.delayedDue,
    reserved: replies.reservedTotal - replies.reservedExpired,
    // Failed jobs of a Redis-queue app live in its database's failed_jobs, not in Redis.
    failed: null,
    oldestWaitMs: readySince.length === 0 ? null : Math.max(0, now - Math.min(...readySince)),
  };
}

function readInteger(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`Redis answered ${JSON.stringify(value)} where a count was expected`);
  }
  return value;
}

// ZRANGEBYSCORE … WITHSCORES LIMIT 0 1 answers [] or [member, score].
function readLowestScore(value: unknown): number | null {
  if (!Array.isArray(value)) throw new TypeError('Redis answered a non-list to ZRANGEBYSCORE');
  if (value.length < 2) return null;
  const score = Number(value[1]);
  if (!Number.isFinite(score)) throw new TypeError(`Redis answered a score of ${value[1]}`);
  return score;
}
