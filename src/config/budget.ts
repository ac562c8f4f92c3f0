// The memory budget as written — its limit (bytes, a percentage of the container limit, or auto),
// the room it holds for memory crew does not control (`other`) and what it counts (`scope`) —
// resolved to bytes against a container limit, and whether the pools' declared memory fits in it.
import { fpmExpectedBytes } from './fpm-budget.js';
import type { BudgetSpec, CrewConfig } from './types.js';
import { formatBytes } from './units.js';

// What the budget counts. container: the cgroup's whole usage, as docker stats shows it (the
// cgroup is the container's, and all of it is crew's to keep in budget). crew: crew, the trees
// of the processes it started and the `other` allowance; whatever else the cgroup holds is shown
// but not counted. auto: container while the cgroup holds only crew's processes, crew while it
// also holds processes crew did not start (see scale/budget-view.ts).
export const BUDGET_SCOPES = ['auto', 'crew', 'container'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

// What crew.yaml's mapping form adds to the limit (`budget: { limit: 400MiB, other: 60MiB }`).
export interface BudgetShare {
  readonly scope: BudgetScope;
  // Memory the budget holds room for beyond crew and its pools (a php-fpm master, caches):
  // counted in place of what crew does not control in scope crew, and as the least of it in
  // scope container.
  readonly otherBytes: number;
}

// The budget as the config loader produces it: the mapping form carries its share beside the
// limit.
export type BudgetSettings = BudgetSpec;

// The budget's scope and other allowance; the scalar form's are auto and 0.
export function budgetShare(spec: BudgetSpec | null): BudgetShare {
  return { scope: spec?.scope ?? 'auto', otherBytes: spec?.otherBytes ?? 0 };
}

// `budget: auto` is this share of the cgroup limit, leaving room for crew and the kernel's caches.
export const AUTO_BUDGET_PERCENT = 90;

export interface BudgetFit {
  // null when there is no budget, or it is relative and the container limit is unknown.
  readonly budgetBytes: number | null;
  // Sum over pools of processes × expect_memory, for the pools that declare it.
  readonly expectedBytes: number;
  // Pools with processes but without expect_memory, in file order; not counted in expectedBytes.
  readonly unknownPools: readonly string[];
  // The budget's `other` allowance, which the pools share the budget with.
  readonly otherBytes: number;
  // Whether expectedBytes (with otherBytes) fits in budgetBytes; null when budgetBytes is null.
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

// The budget as people read it: `400 MiB`, `90% of the container limit`, `auto (90% of ...)`,
// with `, other 60 MiB` and `, scope crew` when set.
export function describeBudget(spec: BudgetSpec): string {
  const limit =
    spec.kind === 'bytes'
      ? formatBytes(spec.bytes)
      : spec.kind === 'percent'
        ? `${spec.percent}% of the container limit`
        : `auto (${AUTO_BUDGET_PERCENT}% of the cgroup limit)`;
  const { scope, otherBytes } = budgetShare(spec);
  const other = otherBytes > 0 ? `, other ${formatBytes(otherBytes)}` : '';
  return `${limit}${other}${scope === 'auto' ? '' : `, scope ${scope}`}`;
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
    else expectedBytes += pool.fpm ? fpmExpectedBytes(pool, each) : pool.processes * each;
  }
  const { otherBytes } = budgetShare(config.budget);
  const fits = budgetBytes === null ? null : expectedBytes + otherBytes <= budgetBytes;
  return { budgetBytes, expectedBytes, unknownPools, otherBytes, fits };
}
