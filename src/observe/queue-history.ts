// The queues over time, for /history beside memory: each queue's ready count, oldest wait and
// target, one point a second at most (a reading within a second of the last replaces it), the
// last 15 minutes kept. Fed by every sample and every /status read; a ring, so it stays small.
import type { QueueHistoryJson } from '../control/wire/memory.js';
import type { QueueReport } from '../queue/types.js';

interface Point {
  readonly at: number;
  readonly queues: ReadonlyMap<
    string,
    { ready: number; wait: number | null; target: number | null }
  >;
}

export interface QueueHistory {
  record(at: number, reports: readonly QueueReport[]): void;
  // Points at or after sinceMs (all without it), oldest first; a queue missing from a point is null.
  read(sinceMs?: number): QueueHistoryJson;
}

export const QUEUE_HISTORY_POINTS = 900;
const MIN_GAP_MS = 1000;

// An empty history.
export function createQueueHistory(capacity = QUEUE_HISTORY_POINTS): QueueHistory {
  const points: Point[] = [];
  return {
    record(at, reports) {
      if (reports.length === 0 && points.length === 0) return;
      const queues = new Map(
        reports.map((r) => [
          r.queue,
          { ready: r.ready, wait: r.oldestWaitMs, target: r.targetWaitMs },
        ]),
      );
      const last = points.at(-1);
      if (last && at < last.at) return;
      if (last && at - last.at < MIN_GAP_MS) points[points.length - 1] = { at: last.at, queues };
      else points.push({ at, queues });
      if (points.length > capacity) points.splice(0, points.length - capacity);
    },
    read(sinceMs = 0) {
      const kept = points.filter((p) => p.at >= sinceMs);
      const names = new Set(kept.flatMap((p) => [...p.queues.keys()]));
      const queues: QueueHistoryJson['queues'] = {};
      for (const name of names) {
        const of = kept.map((p) => p.queues.get(name));
        queues[name] = {
          ready: of.map((q) => q?.ready ?? null),
          oldest_wait_ms: of.map((q) => (q ? (q.wait ?? 0) : null)),
          target_wait_ms: of.map((q) => q?.target ?? null),
        };
      }
      return { at: kept.map((p) => p.at), queues };
    },
  };
}
