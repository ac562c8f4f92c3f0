// When the container is over budget (a worker grew, "other" grew): no pool scales up, and
// processes are drained — the newest process of the lowest-priority pool above its min first
// (highest priority number; among equals the pool listed last) — until what they cost covers the
// excess. Mins are never broken: if draining down to every min is not enough, the biggest process
// that has grown well past its pool's usual size is suggested for recycling (its replacement
// starts small), and otherwise the budget is reported as unholdable.
import { formatBytes } from '../config/units.js';
import type { Assessment } from './assess.js';
import { percentile } from './cost.js';
import type { PoolSignals } from './spec.js';

// A process this much above its pool's usual PSS is worth recycling to win memory back.
export const GROWN_FACTOR = 1.2;

export interface DrainCandidate {
  readonly pool: string;
  readonly priority: number;
  readonly min: number;
  // Processes after this tick's other decisions.
  readonly count: number;
  readonly costBytes: number;
  readonly pinned: boolean;
}

export interface DrainPlan {
  // New counts for the pools drained, by pool name.
  readonly counts: Readonly<Record<string, number>>;
  // Excess not covered by draining (0 when covered).
  readonly uncoveredBytes: number;
}

// Drains from the lowest priority up until `excessBytes` is covered.
export function planDrains(candidates: readonly DrainCandidate[], excessBytes: number): DrainPlan {
  const order = candidates
    .map((candidate, index) => ({ candidate, index }))
    .sort((a, b) => b.candidate.priority - a.candidate.priority || b.index - a.index);
  const counts: Record<string, number> = {};
  let excess = excessBytes;
  for (const { candidate } of order) {
    if (candidate.pinned || candidate.costBytes <= 0) continue;
    let count = candidate.count;
    while (excess > 0 && count > candidate.min) {
      count -= 1;
      excess -= candidate.costBytes;
    }
    if (count !== candidate.count) counts[candidate.pool] = count;
    if (excess <= 0) break;
  }
  return { counts, uncoveredBytes: Math.max(0, excess) };
}

export interface RecycleSuggestion {
  readonly pool: string;
  readonly process: string;
  readonly pssBytes: number;
  readonly reason: string;
}

// The process furthest above GROWN_FACTOR × its pool's usual PSS (expect_memory, else the median
// of the pool's readings), or null if none has grown.
export function biggestGrown(
  pools: readonly { readonly signals: PoolSignals; readonly usualBytes: number | null }[],
): { pool: string; process: string; pssBytes: number; usualBytes: number } | null {
  let best: { pool: string; process: string; pssBytes: number; usualBytes: number } | null = null;
  for (const { signals, usualBytes } of pools) {
    const usual = usualBytes ?? percentile(signals.pssSamplesBytes, 0.5);
    if (usual === null) continue;
    for (const proc of signals.processPss) {
      if (proc.pssBytes <= usual * GROWN_FACTOR) continue;
      if (best === null || proc.pssBytes - usual > best.pssBytes - best.usualBytes) {
        best = {
          pool: signals.pool,
          process: proc.name,
          pssBytes: proc.pssBytes,
          usualBytes: usual,
        };
      }
    }
  }
  return best;
}

// The recycle suggestion for an excess that draining could not cover, if a process has grown.
export function suggestRecycle(
  pools: readonly { readonly signals: PoolSignals; readonly usualBytes: number | null }[],
): RecycleSuggestion[] {
  const grown = biggestGrown(pools);
  if (grown === null) return [];
  const reason = `over budget with every pool at its min: ${grown.process} uses ${formatBytes(grown.pssBytes, 'MiB')} MiB, its pool's usual is ${formatBytes(grown.usualBytes, 'MiB')} MiB`;
  return [{ pool: grown.pool, process: grown.process, pssBytes: grown.pssBytes, reason }];
}

const DRAIN_WHY =
  'over budget: draining the newest process of the lowest-priority pool above its min';

// Drains for an excess (after what this tick's other decisions free), updating `finals` in place;
// suggests a recycle for what draining cannot cover.
export function drainOverBudget(
  assessed: readonly Assessment[],
  finals: Map<string, { count: number; why: string }>,
  excessBytes: number,
): { readonly recycles: RecycleSuggestion[]; readonly uncoveredBytes: number } {
  const countOf = (a: Assessment) => finals.get(a.spec.name)!.count;
  const freedNow = assessed.reduce(
    (sum, a) => sum + Math.max(0, a.current - countOf(a)) * (a.cost.bytes ?? 0),
    0,
  );
  const excess = excessBytes - freedNow;
  if (excess <= 0) return { recycles: [], uncoveredBytes: 0 };
  const plan = planDrains(
    assessed.map((a) => ({
      pool: a.spec.name,
      priority: a.spec.priority,
      min: a.spec.min,
      count: countOf(a),
      costBytes: a.cost.bytes ?? 0,
      pinned: a.pinned !== null,
    })),
    excess,
  );
  for (const [pool, count] of Object.entries(plan.counts))
    finals.set(pool, { count, why: DRAIN_WHY });
  if (plan.uncoveredBytes === 0) return { recycles: [], uncoveredBytes: 0 };
  const recycles = suggestRecycle(
    assessed.map((a) => ({ signals: a.signals, usualBytes: a.spec.expectMemoryBytes })),
  );
  return { recycles, uncoveredBytes: plan.uncoveredBytes };
}
