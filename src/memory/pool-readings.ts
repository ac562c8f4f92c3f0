// Each pool's recent per-process PSS readings (one number per process per sample), bounded: what
// a pool's processes usually use and what one of them costs at its heavy moments are read from
// them (the median and the 95th percentile, in scale/).
export interface PoolReadings {
  // Adds this sample's readings of the pool's processes.
  add(pool: string, values: readonly number[]): void;
  // The pool's readings, oldest first; empty for a pool never read.
  of(pool: string): readonly number[];
}

// Keeps the last `size` readings of each pool.
export function createPoolReadings(size = 240): PoolReadings {
  const byPool = new Map<string, number[]>();
  return {
    add(pool, values) {
      if (values.length === 0) return;
      const kept = byPool.get(pool) ?? [];
      kept.push(...values);
      if (kept.length > size) kept.splice(0, kept.length - size);
      byPool.set(pool, kept);
    },
    of: (pool) => byPool.get(pool) ?? [],
  };
}
