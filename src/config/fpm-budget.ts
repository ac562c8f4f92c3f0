// An fpm: pool in the one budget. Its worst case is the master plus pm.max_children children of
// each FPM pool it runs (a child costs what crew measured, else the pool's expect_memory: for an
// fpm: pool that is one child's PSS). `crew check` warns, at the pm.max_children line of FPM's
// own file, when that cannot fit beside the critical pools' minimums (the seed's 10 children ×
// 45 MiB did not fit 300 MiB with its workers).

import type { ConfigIssue, CrewConfig, PoolConfig } from './types.js';
import { formatBytes } from './units.js';

// The master is counted as one more child: nothing else is known before it is measured.
export function fpmExpectedBytes(pool: PoolConfig, childBytes: number): number {
  const children = (pool.fpm?.pools ?? []).reduce((sum, p) => sum + p.maxChildren, 0);
  return (children + 1) * childBytes;
}

export interface FpmBudgetInput {
  readonly budgetBytes: number | null;
  readonly otherBytes: number;
  // One process's cost of a pool (expect_memory, else measured); for an fpm: pool, one child's.
  readonly costOf: (pool: PoolConfig) => number | null;
}

// One warning per FPM pool whose pm.max_children cannot fit beside the critical pools' floors.
export function fpmBudgetIssues(config: CrewConfig, input: FpmBudgetInput): ConfigIssue[] {
  if (input.budgetBytes === null) return [];
  const critical = config.pools.filter((p) => p.critical && !p.fpm);
  const floors = critical.flatMap((p) => {
    const cost = input.costOf(p);
    const floor = p.autoscale?.min ?? p.processes;
    return cost === null || floor === 0 ? [] : [{ pool: p, floor, cost }];
  });
  const held = floors.reduce((sum, f) => sum + f.floor * f.cost, 0);
  const issues: ConfigIssue[] = [];
  for (const pool of config.pools) {
    const child = pool.fpm ? input.costOf(pool) : null;
    if (!pool.fpm || child === null) continue;
    const room = input.budgetBytes - input.otherBytes - held;
    const need = fpmExpectedBytes(pool, child);
    if (need <= room) continue;
    const others = pool.fpm.pools.length > 1 ? ' (all its FPM pools together)' : '';
    const fit = Math.max(0, Math.floor(room / child) - 1);
    const beside =
      floors.length === 0
        ? ''
        : ` beside the critical pools' minimums (${floors.map((f) => `${f.pool.name} ${f.floor} × ${formatBytes(f.cost)}`).join(', ')})`;
    for (const view of pool.fpm.pools) {
      issues.push({
        file: view.maxChildrenAt.file,
        line: view.maxChildrenAt.line,
        column: 1,
        path: `pools.${pool.name}.fpm`,
        message: `[${view.name}] pm.max_children = ${view.maxChildren}: at ${formatBytes(child)} a child, with the master, ${pool.name} can reach ${formatBytes(need)}${others}, which does not fit the budget of ${formatBytes(input.budgetBytes)}${beside}; the budget has room for ${fit} children beside the master (crew plan recommends pm settings)`,
      });
    }
  }
  return issues;
}
