// The autoscaling policy: from the pools' specs, the policy's state, this tick's signals and the
// memory budget to decisions, each with the sentence that explains it. Pure: no I/O, the clock
// is an argument, the same inputs give the same outputs. Steps (each in its own file):
//   assess.ts      rates → need (need.ts) → damping (damping.ts), cost (cost.ts), per pool
//   budget-fit.ts  mins always; the rest of the budget by priority
//   here           scale-ups only into memory that is free now, in priority order
//   over-budget.ts no scale-up; a grown process recycled; drain lowest priority first;
//                  unholdable
import { type Assessment, assess, idleSignals } from './assess.js';
import { type FitRequest, fitBudget } from './budget-fit.js';
import { type BudgetReport, budgetReport } from './budget-report.js';
import { drainOverBudget, type RecycleSuggestion } from './over-budget.js';
import { budgetWords, usageWords } from './reasons.js';
import { settle } from './settle.js';
import type { MemorySignals, PoolSignals, PoolSpec } from './spec.js';
import { type PolicyState, type PoolState, poolStateOf } from './state.js';
import type { DecisionBudget, PoolScaling, ScaleDecision } from './types.js';

export interface PoolReport extends PoolScaling {
  // Why the pool is where it is (the decision's reason when it changed).
  readonly why: string;
  readonly costBytes: number | null;
}

export interface PolicyResult {
  readonly decisions: readonly ScaleDecision[];
  readonly recycles: readonly RecycleSuggestion[];
  readonly pools: readonly PoolReport[];
  readonly budget: BudgetReport;
  readonly state: PolicyState;
}

function requestOf(a: Assessment, ask: number, hasBudget: boolean): FitRequest {
  const min = a.pinned ?? a.spec.min;
  // A pool of unknown cost keeps what it has but grows only once measured; one at 0 (`0..N`,
  // no expect_memory) may start one process, or it could never be measured.
  const known = Math.max(min, a.current, 1);
  const capped = hasBudget && a.cost.bytes === null ? Math.min(ask, known) : ask;
  return {
    pool: a.spec.name,
    priority: a.spec.priority,
    min,
    ask: Math.max(min, a.pinned ?? capped),
    costBytes: a.cost.bytes,
    late: a.need.late,
  };
}

// Specs in priority order (lowest number first), file order among equals.
function byPriority(assessed: readonly Assessment[]): Assessment[] {
  return assessed
    .map((a, index) => ({ a, index }))
    .sort((x, y) => x.a.spec.priority - y.a.spec.priority || x.index - y.index)
    .map(({ a }) => a);
}

// Decides one tick. `signals` are matched to specs by pool name; a missing one counts as idle.
export function decide(
  specs: readonly PoolSpec[],
  state: PolicyState,
  signals: readonly PoolSignals[],
  memory: MemorySignals,
  now: number,
): PolicyResult {
  const reported = new Map(signals.map((s) => [s.pool, s] as const));
  const assessed = specs.map((spec) =>
    assess(spec, poolStateOf(state, spec.name), reported.get(spec.name) ?? idleSignals(spec), now),
  );
  const { budgetBytes, crewBytes, otherBytes } = memory;
  const hasBudget = budgetBytes !== null;
  const poolBudget = hasBudget ? budgetBytes - crewBytes - otherBytes : null;
  // Each pool asks for where it is heading (its need) or what it still holds (damping keeps it
  // above its need), so memory a higher-priority pool is ramping toward is not handed out now.
  const fit = fitBudget(
    assessed.map((a) => requestOf(a, Math.max(a.need.processes, a.damped.want), hasBudget)),
    poolBudget,
  );
  const estimated =
    crewBytes + otherBytes + assessed.reduce((sum, a) => sum + a.current * (a.cost.bytes ?? 0), 0);
  const used = memory.usedBytes ?? estimated;
  const freeing = state.freeing.filter((entry) => entry.until > now);
  const freeingBytes = freeing.reduce((sum, entry) => sum + entry.bytes, 0);
  const over = hasBudget && used - freeingBytes > budgetBytes;
  const usage = usageWords(used, budgetBytes);
  const overBudgetAt = over ? now : (state.overBudgetAt ?? null);
  const sinceOverMs = overBudgetAt === null ? Number.POSITIVE_INFINITY : now - overBudgetAt;

  let headroom = hasBudget ? budgetBytes - Math.max(used, estimated) : Number.POSITIVE_INFINITY;
  const finals = new Map<string, { count: number; why: string }>();
  for (const a of byPriority(assessed)) {
    const result = settle(a, fit, over, headroom, assessed, sinceOverMs);
    headroom -= Math.max(0, result.count - a.current) * (a.cost.bytes ?? 0);
    finals.set(a.spec.name, result);
  }

  const drained = over
    ? drainOverBudget(assessed, finals, {
        excessBytes: used - freeingBytes - budgetBytes,
        words: budgetWords(memory, used),
        now,
      })
    : { recycles: [], uncoveredBytes: 0 };
  const recycled = new Set(drained.recycles.map((r) => r.pool));
  const figures: DecisionBudget | null = hasBudget
    ? {
        scope: memory.scope ?? 'container',
        usedBytes: used,
        budgetBytes,
        otherBytes,
        outsideBytes: memory.outsideBytes ?? null,
      }
    : null;

  const decisions: ScaleDecision[] = [];
  const pools: PoolReport[] = [];
  const nextPools: Record<string, PoolState> = {};
  const nextFreeing = [...freeing];
  for (const a of assessed) {
    const { count, why } = finals.get(a.spec.name)!;
    const name = a.spec.name;
    if (count !== a.current) {
      decisions.push({
        pool: name,
        from: a.current,
        to: count,
        reason: `${name} ${a.current}→${count}: ${why} (${usage})`,
        at: now,
        ...(figures === null ? {} : { budget: figures }),
      });
    }
    if (count < a.current && a.cost.bytes !== null) {
      nextFreeing.push({
        bytes: (a.current - count) * a.cost.bytes,
        until: now + a.spec.stopTimeoutMs,
      });
    }
    pools.push({
      pool: name,
      min: a.spec.min,
      max: a.spec.max,
      needed: a.need.processes,
      wanted: a.need.unclamped,
      desired: count,
      shortfall: a.pinned === null ? Math.max(0, a.need.processes - fit.allowed[name]!) : 0,
      pinned: a.pinned !== null,
      why,
      costBytes: a.cost.bytes,
    });
    nextPools[name] = {
      lastChangeAt: count !== a.current ? now : a.previous.lastChangeAt,
      upStreak:
        count > a.current
          ? a.previous.upStreak + 1
          : a.need.processes <= a.current
            ? 0
            : a.previous.upStreak,
      recentNeeds: a.damped.recentNeeds,
      rate: a.rate,
      ...(a.laneRates ? { laneRates: a.laneRates } : {}),
      pinned: a.pinned,
      recycledAt: recycled.has(name) ? now : (a.previous.recycledAt ?? null),
    };
  }
  for (const recycle of drained.recycles) {
    const spec = specs.find((candidate) => candidate.name === recycle.pool)!;
    nextFreeing.push({ bytes: recycle.freesBytes, until: now + spec.stopTimeoutMs });
  }
  const budget = budgetReport(used, budgetBytes, over, fit, poolBudget, drained);
  return {
    decisions,
    recycles: drained.recycles,
    pools,
    budget,
    state: { pools: nextPools, freeing: nextFreeing, overBudgetAt },
  };
}
