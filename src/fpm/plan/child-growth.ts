// How much a php-fpm child grows per request it serves: a least-squares line of PSS over
// requests for each pid seen at least 3 times past its warm-up with its request count rising, then the median
// slope and base (PSS at 0 requests) over those pids, so one odd child cannot decide. A count
// that falls means the pid was reused by a new child: that pid is left out.
import type { FpmChildSample } from './plan-types.js';

export interface FpmChildGrowth {
  readonly bytesPerRequest: number;
  readonly baseBytes: number;
  // How many children the line was fitted over.
  readonly children: number;
}

const MIN_SAMPLES = 3;
// A child's first requests fill its opcache and class tables: growth there is warm-up, not a
// leak, so those readings are left out, and a line needs this many requests between its ends.
const WARM_UP_REQUESTS = 10;
const MIN_SPAN_REQUESTS = 20;

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? 0;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

// Slope and intercept of pss over requests; null when the requests never move.
function fitLine(samples: readonly FpmChildSample[]): [number, number] | null {
  const n = samples.length;
  const meanX = samples.reduce((sum, s) => sum + s.requests, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + s.pssBytes, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const s of samples) {
    sxy += (s.requests - meanX) * (s.pssBytes - meanY);
    sxx += (s.requests - meanX) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return [slope, meanY - slope * meanX];
}

function isRising(samples: readonly FpmChildSample[]): boolean {
  return samples.every((s, i) => i === 0 || s.requests >= (samples[i - 1]?.requests ?? 0));
}

// The median growth over the children that can tell; null when none can.
export function measureChildGrowth(samples: readonly FpmChildSample[]): FpmChildGrowth | null {
  const byPid = new Map<number, FpmChildSample[]>();
  for (const sample of samples) {
    const list = byPid.get(sample.pid) ?? [];
    list.push(sample);
    byPid.set(sample.pid, list);
  }
  const slopes: number[] = [];
  const bases: number[] = [];
  for (const list of byPid.values()) {
    const ordered = [...list].sort((a, b) => a.atMs - b.atMs);
    if (!isRising(ordered)) continue;
    const warm = ordered.filter((s) => s.requests >= WARM_UP_REQUESTS);
    if (warm.length < MIN_SAMPLES) continue;
    if (warm.at(-1)!.requests - warm[0]!.requests < MIN_SPAN_REQUESTS) continue;
    const line = fitLine(warm);
    if (line === null) continue;
    slopes.push(line[0]);
    // A steep early rise can put the line below zero at 0 requests; the smallest PSS seen is
    // then the better base.
    bases.push(line[1] > 0 ? line[1] : Math.min(...warm.map((s) => s.pssBytes)));
  }
  if (slopes.length === 0) return null;
  return {
    bytesPerRequest: medianOf(slopes),
    baseBytes: medianOf(bases),
    children: slopes.length,
  };
}
