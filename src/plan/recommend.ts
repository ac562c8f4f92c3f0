// Recommended min and max per pool from the processes a trace needs second by second (load.ts)
// and the budget:
//   min:  what the median second needs (a queue with a steady trickle gets one process, so its
//         jobs do not wait for one to start), never below a critical pool's floor: its
//         autoscaled min, or for a fixed critical pool up to 2 (the design's "two workers' worth
//         of capacity" for critical queues);
//   max:  what the busiest second needs; at least 1 for a pool with any work;
//   room: what the 99th-percentile second needs (rarer peaks are served from what other pools
//         hold above their mins, which the policy can take back).
// Then the budget (after crew and other), critical queues first:
//   1. if the mins do not fit, the least important pools' mins are lowered first (highest
//      priority number, the pool listed last among equals), never below a floor;
//   2. each pool's room must fit beside everyone else's min (the policy cannot take a min away),
//      so less important pools' mins are lowered, most important pool first, until it does;
//   3. each max is the busiest need as far as it fits beside the others' mins. A pool with work
//      left without room for one process would never run: `neverRuns` names it.
// Whether the mins fit, and how many processes fit beside them, is the live policy's budget fit
// (scale/budget-fit.ts), so a range planned here is one the policy can grant.
import type { PoolConfig } from '../config/types.js';
import { type FitRequest, fitBudget } from '../scale/budget-fit.js';
import { wholeProcesses as whole } from '../scale/need.js';

export interface Recommendation {
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  // Why the range is below what the load asks for, or null.
  readonly note: string | null;
  // The pool has work in the trace but no room for a single process.
  readonly neverRuns: boolean;
}

export interface RecommendInput {
  readonly pools: readonly PoolConfig[];
  // Processes needed per second, by pool (load.ts).
  readonly processes: ReadonlyMap<string, Float64Array>;
  // Per-process memory by pool.
  readonly memoryBytes: ReadonlyMap<string, number>;
  // Budget for the pools: the budget minus crew and other; null: none.
  readonly poolBudgetBytes: number | null;
}

interface Draft {
  readonly pool: PoolConfig;
  readonly cost: number;
  readonly floor: number;
  readonly wantMax: number;
  readonly room: number;
  min: number;
  max: number;
  note: string | null;
}

function quantile(values: Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function draft(pool: PoolConfig, input: RecommendInput): Draft {
  const needs = input.processes.get(pool.name) ?? new Float64Array(1);
  const busiest = quantile(needs, 1);
  const floor = pool.autoscale?.min ?? (pool.critical ? Math.min(2, pool.processes) : 0);
  const min = Math.max(floor, whole(quantile(needs, 0.5)));
  const wantMax = Math.max(min, busiest > 0 ? Math.max(1, whole(busiest)) : 0);
  const room = busiest > 0 ? Math.min(wantMax, Math.max(min, 1, whole(quantile(needs, 0.99)))) : 0;
  const cost = input.memoryBytes.get(pool.name) ?? 0;
  return { pool, cost, floor, wantMax, room, min, max: wantMax, note: null };
}

// Least important first: highest priority number, the pool listed last among equals.
function leastImportantFirst(drafts: readonly Draft[]): Draft[] {
  return drafts
    .map((d, index) => ({ d, index }))
    .sort((a, b) => b.d.pool.priority - a.d.pool.priority || b.index - a.index)
    .map(({ d }) => d);
}

// Lowers mins, least important first among `candidates`, while `tooMuch()` holds.
function lowerMins(candidates: readonly Draft[], tooMuch: () => boolean, why: string): void {
  for (const d of leastImportantFirst(candidates)) {
    while (tooMuch() && d.min > d.floor) {
      d.min -= 1;
      d.note = why;
    }
  }
}

// The drafts at their mins, as the policy's fit sees them; `open` asks for up to `ask` instead.
function requestsOf(drafts: readonly Draft[], open?: Draft, ask = 0): FitRequest[] {
  return drafts.map((d) => ({
    pool: d.pool.name,
    priority: d.pool.priority,
    min: d === open ? 0 : d.min,
    ask: d === open ? ask : d.min,
    costBytes: d.cost,
  }));
}

function fitRanges(drafts: readonly Draft[], budget: number): void {
  const minsOver = () => fitBudget(requestsOf(drafts), budget).leftBytes < 0;
  // Processes of d (up to ask) the policy grants beside everyone else's min.
  const room = (d: Draft, ask: number) =>
    fitBudget(requestsOf(drafts, d, ask), budget).allowed[d.pool.name]!;
  lowerMins(drafts, minsOver, 'min lowered: the mins must fit the budget');
  const costly = drafts.filter((d) => d.cost > 0);
  for (const d of leastImportantFirst(costly).reverse()) {
    const less = drafts.filter((o) => o.pool.priority > d.pool.priority);
    lowerMins(
      less,
      () => room(d, d.room) < d.room,
      `min lowered: room for ${d.pool.name} at its peaks`,
    );
  }
  for (const d of costly) {
    d.max = Math.max(d.min, room(d, d.wantMax));
    if (d.max < d.wantMax)
      d.note = `max ${d.max}: the budget has room for ${d.max} of the ${d.wantMax} its busiest second needs`;
  }
}

// Recommends a range per pool, in the pools' order.
export function recommend(input: RecommendInput): Recommendation[] {
  const drafts = input.pools.map((pool) => draft(pool, input));
  if (input.poolBudgetBytes !== null) fitRanges(drafts, input.poolBudgetBytes);
  return drafts.map((d) => ({
    pool: d.pool.name,
    min: d.min,
    max: d.max,
    note: d.note,
    neverRuns: d.wantMax > 0 && d.max === 0,
  }));
}
