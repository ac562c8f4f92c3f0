// The memory budget as written (bytes, a percentage of the container limit, or auto) resolved to
// bytes against a container limit, and whether the pools' declared memory fits in it.
import type { BudgetSpec, CrewConfig } from './types.js';
import { formatBytes } from './units.js';

// `budget: auto` is this share of the cgroup limit, leaving room for crew and the kernel's caches.
export const AUTO_BUDGET_PERCENT = 90;

export interface BudgetFit {
  // null when there is no budget, or it is relative and the container limit is unknown.
  readonly budgetBytes: number | null;
  // Sum over pools of processes × expect_memory, for the pools that declare it.
  readonly expectedBytes: number;
  // Pools with processes but without expect_memory, in file order; not counted in expectedBytes.
  readonly unknownPools: readonly string[];
  // Whether expectedBytes fits in budgetBytes; null when budgetBytes is null.
  readonly fits: boolean | null;
}

// The budget in bytes; null without a budget, or for a percentage or auto without a limit.
export function resolveBudgetBytes(
  spec: BudgetSpec | null,
  containerLimitBytes: number | null,
): number | null {
  if (spec === null) return null;
  if (spec.kind === 'bytes') return spec.bytes;
  if (containerLimitBytes === null) return null;
  const percent = spec.kind === 'auto' ? AUTO_BUDGET_PERCENT : spec.percent;
  return Math.floor((containerLimitBytes * percent) / 100);
}

// The budget as people read it: `400 MiB`, `90% of the container limit`, `auto (90% of ...)`.
export function describeBudget(spec: BudgetSpec): string {
  if (spec.kind === 'bytes') return formatBytes(spec.bytes);
  if (spec.kind === 'percent') return `${spec.percent}% of the container limit`;
  return `auto (${AUTO_BUDGET_PERCENT}% of the cgroup limit)`;
}

// Adds up what the pools need — processes × expect_memory, or × the measured per-process PSS
// (by pool name) for pools that declare none — and compares it with the budget.
export function checkBudgetFit(
  config: Pick<CrewConfig, 'budget' | 'pools'>,
  containerLimitBytes: number | null,
  measuredBytes: ReadonlyMap<string, number> = new Map(),
): BudgetFit {
  const budgetBytes = resolveBudgetBytes(config.budget, containerLimitBytes);
  let expectedBytes = 0;
  const unknownPools: string[] = [];
  for (const pool of config.pools) {
    if (pool.processes === 0) continue;
    const each = pool.expectMemoryBytes ?? measuredBytes.get(pool.name) ?? null;
    if (each === null) unknownPools.push(pool.name);
    else expectedBytes += pool.processes * each;
  }
  const fits = budgetBytes === null ? null : expectedBytes <= budgetBytes;
  return { budgetBytes, expectedBytes, unknownPools, fits };
}
