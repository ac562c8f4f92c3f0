// What one more process of a pool is expected to cost: the 95th percentile of its processes' PSS
// over recent readings (a worker's memory varies with the job it runs, and the budget must hold
// the heavy moments), or the declared expect_memory before anything is measured.
import type { PoolSignals, PoolSpec } from './spec.js';

// The p-th percentile (0..1) by nearest rank; null for no values.
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export interface ProcessCost {
  // null: neither measured nor declared.
  readonly bytes: number | null;
  readonly source: 'measured' | 'expect_memory' | 'unknown';
}

// The pool's per-process cost from its samples, else from its spec.
export function processCost(spec: PoolSpec, signals: PoolSignals | undefined): ProcessCost {
  const measured = percentile(signals?.pssSamplesBytes ?? [], 0.95);
  if (measured !== null) return { bytes: measured, source: 'measured' };
  if (spec.expectMemoryBytes !== null)
    return { bytes: spec.expectMemoryBytes, source: 'expect_memory' };
  return { bytes: null, source: 'unknown' };
}
