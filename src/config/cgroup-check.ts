// Is the budget compared with a cgroup that holds far more than crew's processes? On a host (or
// in a container that shares its cgroup with other services) the cgroup's usage is mostly
// memory crew did not start and cannot free; in scope container the budget counts all of it and
// crew would recycle its workers for nothing. `crew check` warns before that happens.
import type { BudgetScope } from './budget.js';
import type { PathIssue } from './issues.js';
import type { BudgetSpec } from './types.js';
import { formatBytes } from './units.js';

// What this cgroup holds, as the budget would see it.
export interface CgroupView {
  // The budget's scope in force here (auto resolved as the daemon resolves it).
  readonly scope: Exclude<BudgetScope, 'auto'>;
  // The cgroup's usage beyond crew and its pools.
  readonly beyondBytes: number;
  // Processes in the cgroup crew did not start; null when unknown.
  readonly foreignProcesses: number | null;
  readonly hasLimit: boolean;
}

// Warns when the budget counts the whole cgroup and memory crew does not control already takes
// more than half of it (beyond the budget's `other` allowance) before any pool starts (pure).
export function cgroupBudgetIssues(
  budget: BudgetSpec | null,
  budgetBytes: number | null,
  view: CgroupView | null,
): PathIssue[] {
  if (budget === null || budgetBytes === null || view === null) return [];
  if (view.scope !== 'container') return [];
  const allowance = budget.otherBytes ?? 0;
  if (view.beyondBytes - allowance <= budgetBytes / 2) return [];
  const who =
    view.foreignProcesses === null
      ? ''
      : `${view.foreignProcesses} ${view.foreignProcesses === 1 ? 'process' : 'processes'} crew did not start`;
  const limit = view.hasLimit ? '' : 'no memory limit: a host, or a container run without one';
  const about = [who, limit].filter((part) => part !== '').join('; ');
  return [
    {
      path: ['budget'],
      at: 'value',
      message: `the budget of ${formatBytes(budgetBytes)} is compared with this cgroup's whole usage (scope container), and the cgroup already holds ${formatBytes(view.beyondBytes)} that is not crew's or its pools'${about ? ` (${about})` : ''}, so crew would recycle workers to make room for memory it cannot free; run crew in a container with a memory limit, or write budget: { limit: ${formatBytes(budgetBytes).replace(' ', '')}, scope: crew } to count only crew and its pools`,
    },
  ];
}

// What this process's cgroup holds now, read as the daemon's sampler reads it (this process
// standing for crew, with no pools yet); null when no memory cgroup is readable.
export async function readCgroupView(budget: BudgetSpec | null): Promise<CgroupView | null> {
  const { createSampler } = await import('../memory/sampler.js');
  const { scopeInForce } = await import('../scale/budget-view.js');
  const sampler = createSampler({ intervalMs: 1000, targets: () => [] });
  const sample = await sampler.sampleNow();
  await sampler.stop();
  const { container } = sample;
  if (container === null) return null;
  const foreign = sample.foreign ?? null;
  return {
    scope: scopeInForce(budget?.scope ?? 'auto', foreign),
    beyondBytes: Math.max(0, container.usageBytes - sample.crew.pssBytes),
    foreignProcesses: foreign?.processes ?? null,
    hasLimit: container.hasLimit,
  };
}
