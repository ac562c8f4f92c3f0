// FPM's status readings boiled down to what the pm rules need: how many requests wanted a child
// at once (demand = busy + queued) at its peak, p95 and median, the request rate, and whether
// max_children got in the way. FPM's counters run from its start, so a drop between two
// readings means it restarted: that interval is skipped rather than read as a negative rate.
import type { FpmLoadSample } from './plan-types.js';

export interface FpmLoadStats {
  readonly samples: number;
  // From the first reading to the last.
  readonly spanMs: number;
  // The most demand seen: the busiest reading's busy + queued, or FPM's own high-water mark of
  // busy children when that is higher (a burst between readings).
  readonly peakDemand: number;
  // FPM's high-water mark of busy children over the readings; 0 when it was not read.
  readonly peakSeenByFpm: number;
  readonly peakActive: number;
  readonly peakQueued: number;
  // Nearest-rank p95 and the median (the mean of the middle two for an even count).
  readonly p95Demand: number;
  readonly medianDemand: number;
  // Accepted connections over the intervals without a restart; null when no interval counts.
  readonly requestsPerSecond: number | null;
  readonly requests: number;
  // The longest listen queue any reading saw.
  readonly maxQueued: number;
  // How often max_children was reached between readings, restarts skipped.
  readonly maxChildrenReachedRise: number;
  // Intervals skipped because a counter dropped.
  readonly restarts: number;
}

// Requests that wanted a child at a reading: busy plus waiting.
export function demandOf(sample: FpmLoadSample): number {
  return sample.active + sample.listenQueue;
}

// The value at `fraction` (0..1) of `sorted` by nearest rank.
function nearestRank(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? 0;
}

function medianOf(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? 0;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Summarises `samples` (oldest first); null when there are none.
export function summarizeFpmLoad(samples: readonly FpmLoadSample[]): FpmLoadStats | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined) return null;
  const peak = samples.reduce((best, s) => (demandOf(s) > demandOf(best) ? s : best), first);
  const sorted = samples.map(demandOf).sort((a, b) => a - b);
  let requests = 0;
  let countedMs = 0;
  let rise = 0;
  let restarts = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const before = samples[i - 1] as FpmLoadSample;
    const after = samples[i] as FpmLoadSample;
    const accepted = after.acceptedConn - before.acceptedConn;
    const reached = after.maxChildrenReached - before.maxChildrenReached;
    if (accepted < 0 || reached < 0) {
      restarts += 1;
      continue;
    }
    rise += reached;
    const elapsedMs = after.atMs - before.atMs;
    if (elapsedMs <= 0) continue;
    requests += accepted;
    countedMs += elapsedMs;
  }
  const peakSeenByFpm = Math.max(...samples.map((s) => s.maxActiveProcesses ?? 0));
  return {
    samples: samples.length,
    spanMs: last.atMs - first.atMs,
    peakDemand: Math.max(demandOf(peak), peakSeenByFpm),
    peakSeenByFpm,
    peakActive: peak.active,
    peakQueued: peak.listenQueue,
    p95Demand: nearestRank(sorted, 0.95),
    medianDemand: medianOf(sorted),
    requestsPerSecond: countedMs > 0 ? requests / (countedMs / 1000) : null,
    requests,
    maxQueued: Math.max(...samples.map((s) => s.listenQueue)),
    maxChildrenReachedRise: rise,
    restarts,
  };
}
