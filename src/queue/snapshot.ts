// A BacklogSnapshot from what a store's aggregate queries return, the same for every store:
// queues in the order asked, zeros for queues without rows, ages in ms from Unix seconds.
import type { BacklogSnapshot, QueueCounts } from './types.js';

export interface CountRow {
  readonly ready: number;
  readonly delayed: number;
  readonly reserved: number;
  // The oldest ready job's available_at, Unix seconds.
  readonly oldest: number | null;
}

export function buildSnapshot(
  queues: readonly string[],
  now: number,
  counts: ReadonlyMap<string, CountRow>,
  failed: ReadonlyMap<string, number>,
  arrived: ReadonlyMap<string, number>,
  cursor: number,
): BacklogSnapshot {
  return {
    at: now,
    queues: queues.map((queue): QueueCounts => {
      const row = counts.get(queue);
      return {
        queue,
        ready: row?.ready ?? 0,
        delayed: row?.delayed ?? 0,
        reserved: row?.reserved ?? 0,
        failed: failed.get(queue) ?? 0,
        oldestWaitMs: row?.oldest == null ? null : Math.max(0, now - row.oldest * 1000),
      };
    }),
    arrivals: Object.fromEntries(queues.map((queue) => [queue, arrived.get(queue) ?? 0])),
    cursor,
  };
}
