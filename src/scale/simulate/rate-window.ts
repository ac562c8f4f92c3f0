// Counts over a trailing window of whole seconds, as a live backlog watcher reports rates: events
// per second over the last `windowSec` seconds (fewer at the start).

export interface RateWindow {
  add(atMs: number, count: number): void;
  perSecond(atMs: number): number;
}

// Creates a window of `windowSec` one-second buckets.
export function createRateWindow(windowSec = 60): RateWindow {
  const buckets = new Float64Array(windowSec);
  let second = 0;
  let sum = 0;
  const advance = (atMs: number) => {
    const to = Math.floor(atMs / 1000);
    if (to - second >= windowSec) {
      buckets.fill(0);
      sum = 0;
      second = to;
      return;
    }
    while (second < to) {
      second += 1;
      const i = second % windowSec;
      sum -= buckets[i]!;
      buckets[i] = 0;
    }
  };
  return {
    add(atMs, count) {
      advance(atMs);
      buckets[second % windowSec]! += count;
      sum += count;
    },
    perSecond(atMs) {
      advance(atMs);
      return Math.max(0, sum) / Math.min(windowSec, second + 1);
    },
  };
}
