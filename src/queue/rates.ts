// Arrival and completion rates per queue over a sliding window, from backlog snapshots (every
// source) and exact completion reports (crew's own workers). Pure: time only comes in as
// arguments. Memory is bounded: per queue, a ring of snapshot points and a ring of one-second
// (window/60) completion buckets.
//
// arrivalsPerSec
//   - the source counts arrivals (ids above a cursor): their sum over the snapshots in the
//     window, divided by the time those snapshots span;
//   - else, if completions are reported: completions + backlog growth over that span (what left
//     plus what piled up is what came);
//   - else (a Laravel Redis queue) null: nothing is invented.
// completionsPerSec
//   - completions are reported: their sum over the window, divided by the time the queue has
//     been watched within it;
//   - else, if the source counts arrivals: arrivals − backlog growth over the snapshot span
//     (what came and did not pile up has left: completed, failed or deleted);
//   - else null.
// Estimates are clamped at 0: a purge or `queue:clear` shrinks the backlog by more than left.

import type { BacklogSnapshot } from './types.js';

export interface RateTrackerOptions {
  readonly windowMs?: number;
  // Snapshot points kept per queue; with a 1 s tick and a 60 s window, 61 are used.
  readonly maxPoints?: number;
}

export interface QueueRates {
  readonly arrivalsPerSec: number | null;
  readonly completionsPerSec: number | null;
}

export interface RateTracker {
  // Records a snapshot's backlog and arrivals for each of its queues.
  observe(snapshot: BacklogSnapshot): void;
  // Records `n` jobs of `queue` finished at `at` (completed or failed for good).
  completions(queue: string, n: number, at: number): void;
  // The rates over the window ending at `now`.
  rates(queue: string, now: number): QueueRates;
}

interface Point {
  at: number;
  backlog: number;
  arrivals: number | null;
}

interface Bucket {
  start: number;
  count: number;
}

interface History {
  readonly points: Ring<Point>;
  readonly buckets: Ring<Bucket>;
  firstSeenAt: number;
  reportsCompletions: boolean;
}

const BUCKETS_PER_WINDOW = 60;

// Creates an empty tracker.
export function createRateTracker(options: RateTrackerOptions = {}): RateTracker {
  const windowMs = options.windowMs ?? 60_000;
  const maxPoints = options.maxPoints ?? 256;
  const bucketMs = windowMs / BUCKETS_PER_WINDOW;
  const histories = new Map<string, History>();

  const historyOf = (queue: string, at: number): History => {
    let history = histories.get(queue);
    if (history === undefined) {
      history = {
        points: createRing<Point>(maxPoints),
        buckets: createRing<Bucket>(BUCKETS_PER_WINDOW + 1),
        firstSeenAt: at,
        reportsCompletions: false,
      };
      histories.set(queue, history);
    }
    history.firstSeenAt = Math.min(history.firstSeenAt, at);
    return history;
  };

  return {
    observe(snapshot) {
      for (const counts of snapshot.queues) {
        const point: Point = {
          at: snapshot.at,
          backlog: counts.ready + counts.delayed + counts.reserved,
          arrivals: snapshot.arrivals === null ? null : (snapshot.arrivals[counts.queue] ?? 0),
        };
        const { points } = historyOf(counts.queue, snapshot.at);
        const last = points.last();
        if (last === undefined || point.at > last.at) {
          points.push(point);
        } else {
          // A snapshot no newer than the last one: keep its counts, lose none of its arrivals.
          last.backlog = point.backlog;
          last.arrivals =
            last.arrivals === null || point.arrivals === null
              ? null
              : last.arrivals + point.arrivals;
        }
      }
    },

    completions(queue, n, at) {
      if (!Number.isFinite(n) || n < 0) return;
      const history = historyOf(queue, at);
      history.reportsCompletions = true;
      const start = Math.floor(at / bucketMs) * bucketMs;
      const last = history.buckets.last();
      // A late report lands in the newest bucket: off by a bucket at most, never lost.
      if (last !== undefined && start <= last.start) last.count += n;
      else history.buckets.push({ start, count: n });
    },

    rates(queue, now) {
      const history = histories.get(queue);
      if (history === undefined) return { arrivalsPerSec: null, completionsPerSec: null };
      const windowStart = now - windowMs;
      const span = readSpan(history.points.items(), windowStart, now);

      let completionsPerSec: number | null = null;
      if (history.reportsCompletions) {
        const watchedSec = (now - Math.max(windowStart, history.firstSeenAt)) / 1000;
        const finished = sumBuckets(history.buckets.items(), windowStart, now);
        completionsPerSec = watchedSec > 0 ? finished / watchedSec : null;
      } else if (span !== null && span.arrivals !== null) {
        completionsPerSec = Math.max(0, span.arrivals - span.growth) / span.seconds;
      }

      let arrivalsPerSec: number | null = null;
      if (span !== null && span.arrivals !== null) {
        arrivalsPerSec = span.arrivals / span.seconds;
      } else if (span !== null && history.reportsCompletions) {
        const finished = sumBuckets(history.buckets.items(), span.from, span.to);
        arrivalsPerSec = Math.max(0, finished + span.growth) / span.seconds;
      }
      return { arrivalsPerSec, completionsPerSec };
    },
  };
}

interface Span {
  readonly from: number;
  readonly to: number;
  readonly seconds: number;
  // Arrivals after the first point up to the last (null if any snapshot did not count them).
  readonly arrivals: number | null;
  // Backlog at the last point minus backlog at the first.
  readonly growth: number;
}

// What the snapshots inside the window say; null with fewer than two at distinct times.
function readSpan(points: readonly Point[], windowStart: number, now: number): Span | null {
  const inWindow = points.filter((point) => point.at >= windowStart && point.at <= now);
  const first = inWindow[0];
  const last = inWindow[inWindow.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return null;
  let arrivals: number | null = 0;
  for (const point of inWindow.slice(1)) {
    arrivals = arrivals === null || point.arrivals === null ? null : arrivals + point.arrivals;
  }
  return {
    from: first.at,
    to: last.at,
    seconds: (last.at - first.at) / 1000,
    arrivals,
    growth: last.backlog - first.backlog,
  };
}

// Completions in the buckets that start within [from, to]: exact to a bucket (window/60).
function sumBuckets(buckets: readonly Bucket[], from: number, to: number): number {
  let sum = 0;
  for (const bucket of buckets) if (bucket.start >= from && bucket.start <= to) sum += bucket.count;
  return sum;
}

// A fixed-capacity buffer that overwrites its oldest item.
interface Ring<T> {
  push(item: T): void;
  last(): T | undefined;
  // Oldest first.
  items(): T[];
}

function createRing<T>(capacity: number): Ring<T> {
  const slots: T[] = [];
  let next = 0;
  return {
    push(item) {
      slots[next] = item;
      next = (next + 1) % capacity;
    },
    last() {
      return slots.length === 0 ? undefined : slots[(next - 1 + capacity) % capacity];
    },
    items() {
      return slots.length < capacity ? [...slots] : [...slots.slice(next), ...slots.slice(0, next)];
    },
  };
}
