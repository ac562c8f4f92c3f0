// A fixed number of time buckets in a ring of preallocated arrays, each bucket holding the
// average of the samples recorded in it; a new bucket overwrites the oldest. Pure: time comes
// from the samples.

// Points oldest first; a value is NaN where nothing was known (no container figures).
export interface HistorySeries {
  // Each point's bucket start, in ms since the epoch.
  readonly at: number[];
  readonly container: number[];
  readonly crew: number[];
  // PSS total per pool; 0 before a pool first appeared or while none of its processes ran.
  readonly pools: Record<string, number[]>;
  // Processes of each pool that were up (measured), averaged over the bucket: the dashboard's
  // processes-per-pool chart, filled from the start like the memory one.
  readonly processes: Record<string, number[]>;
}

// What one sample adds to a bucket.
export interface RollupInput {
  readonly at: number;
  readonly containerBytes: number | null;
  readonly crewBytes: number;
  readonly processes: readonly { readonly pool: string; readonly pssBytes: number }[];
}

export interface RollupRing {
  record(input: RollupInput): void;
  // The points whose bucket starts at or after sinceMs (so the still-filling newest bucket is
  // read again by a caller that asks since the last `at` it got).
  read(sinceMs?: number): HistorySeries;
}

export function createRollupRing(capacity: number, bucketMs: number): RollupRing {
  const starts = new Float64Array(capacity);
  const counts = new Float64Array(capacity);
  const crew = new Float64Array(capacity);
  const container = new Float64Array(capacity);
  const containerCounts = new Float64Array(capacity);
  const pools = new Map<string, Float64Array>();
  // Sums of counts fit 32 bits: 60 samples a bucket × millions of processes.
  const processCounts = new Map<string, Uint32Array>();
  let newest = -1;
  let size = 0;

  // Starts the next bucket in the ring, clearing what it held.
  function openBucket(start: number): void {
    newest = (newest + 1) % capacity;
    size = Math.min(size + 1, capacity);
    starts[newest] = start;
    counts[newest] = crew[newest] = container[newest] = containerCounts[newest] = 0;
    for (const series of pools.values()) series[newest] = 0;
    for (const series of processCounts.values()) series[newest] = 0;
  }

  function poolSeries(pool: string): Float64Array {
    let series = pools.get(pool);
    if (series === undefined) {
      series = new Float64Array(capacity);
      pools.set(pool, series);
      processCounts.set(pool, new Uint32Array(capacity));
    }
    return series;
  }

  return {
    record(input) {
      const start = Math.floor(input.at / bucketMs) * bucketMs;
      // A sample from before the newest bucket (the wall clock stepped back) joins that bucket.
      if (size === 0 || start > starts[newest]!) openBucket(start);
      counts[newest]! += 1;
      crew[newest]! += input.crewBytes;
      if (input.containerBytes !== null) {
        container[newest]! += input.containerBytes;
        containerCounts[newest]! += 1;
      }
      for (const entry of input.processes) {
        poolSeries(entry.pool)[newest]! += entry.pssBytes;
        processCounts.get(entry.pool)![newest]! += 1;
      }
    },
    read(sinceMs = Number.NEGATIVE_INFINITY) {
      const series: HistorySeries = { at: [], container: [], crew: [], pools: {}, processes: {} };
      const poolPoints = [...pools.keys()].flatMap((pool) => {
        const points: number[] = [];
        const counts: number[] = [];
        series.pools[pool] = points;
        series.processes[pool] = counts;
        return [
          [pools.get(pool)!, points],
          [processCounts.get(pool)!, counts],
        ] as const;
      });
      for (let age = size - 1; age >= 0; age--) {
        const slot = (newest - age + capacity) % capacity;
        if (starts[slot]! < sinceMs) continue;
        const count = counts[slot]!;
        series.at.push(starts[slot]!);
        series.crew.push(crew[slot]! / count);
        const known = containerCounts[slot]!;
        series.container.push(known > 0 ? container[slot]! / known : Number.NaN);
        for (const [sums, points] of poolPoints) points.push(sums[slot]! / count);
      }
      return series;
    },
  };
}
