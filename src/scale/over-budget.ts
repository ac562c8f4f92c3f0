// When the container is over budget (a worker grew, "other" grew): no pool scales up, and memory
// is won back, first from a grown process — the one furthest above its pool's usual size, if any
// is well above it and its pool has not been recycled for the budget within the cooldown
// (recycle-choice.ts) — which costs no capacity; then, for what that does not cover, by draining
// the newest process of the lowest-priority pool above its min (highest priority number; among
// equals the pool listed last) until what they cost covers the excess. Mins are never broken:
// what neither covers is reported, and the budget is unholdable if nothing could be done.
import type { Assessment } from './assess.js';
import { biggestGrown, chooseRecycle, grownWords, recycleCooldownMs } from './recycle-choice.js';

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
  // The process's pid when known: only that process is recycled.
  readonly pid?: number;
  readonly pssBytes: number;
  // replace: a replacement starts first; kill: in place (the supervisor's kill, then a restart).
  readonly kind: 'replace' | 'restart';
  // What the recycle is expected to give back: PSS above the pool's usual.
  readonly freesBytes: number;
  readonly reason: string;
}

export interface OverBudget {
  // Used (less memory on its way out) minus the budget: more than 0.
  readonly excessBytes: number;
  // The budget's words for reasons: `412 of 400 MiB used ...`.
  readonly words: string;
  readonly now: number;
}

const DRAIN_WHY =
  'over budget: draining the newest process of the lowest-priority pool above its min';

// The grown process to recycle for the budget, if one is worth it and its pool is out of its
// recycle cooldown.
function recycleFor(assessed: readonly Assessment[], over: OverBudget): RecycleSuggestion | null {
  const eligible = assessed.filter((a) => {
    const at = a.previous.recycledAt ?? null;
    return at === null || over.now - at >= recycleCooldownMs(a.spec);
  });
  const grown = biggestGrown(
    eligible.map((a) => ({ signals: a.signals, usualBytes: a.spec.expectMemoryBytes })),
  );
  if (grown === null) return null;
  const critical = eligible.some((a) => a.spec.name === grown.pool && a.spec.critical === true);
  // Over budget, the room beside what runs now is negative: only a critical pool replaces first.
  const how = chooseRecycle(-over.excessBytes, grown.usualBytes, critical);
  return {
    pool: grown.pool,
    process: grown.process,
    ...(grown.pid === undefined ? {} : { pid: grown.pid }),
    pssBytes: grown.pssBytes,
    kind: how.kind,
    freesBytes: grown.pssBytes - grown.usualBytes,
    reason: `over budget: ${over.words}; ${grownWords(grown)}; recycling it ${how.how}`,
  };
}

// Wins back the excess (after what this tick's other decisions free): a grown process recycled,
// then drains, updating `finals` in place.
export function drainOverBudget(
  assessed: readonly Assessment[],
  finals: Map<string, { count: number; why: string }>,
  over: OverBudget,
): { readonly recycles: RecycleSuggestion[]; readonly uncoveredBytes: number } {
  const countOf = (a: Assessment) => finals.get(a.spec.name)!.count;
  const freedNow = assessed.reduce(
    (sum, a) => sum + Math.max(0, a.current - countOf(a)) * (a.cost.bytes ?? 0),
    0,
  );
  let excess = over.excessBytes - freedNow;
  if (excess <= 0) return { recycles: [], uncoveredBytes: 0 };
  const recycle = recycleFor(assessed, over);
  if (recycle !== null) excess -= recycle.freesBytes;
  const recycles = recycle === null ? [] : [recycle];
  if (excess <= 0) return { recycles, uncoveredBytes: 0 };
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
  return { recycles, uncoveredBytes: plan.uncoveredBytes };
}
