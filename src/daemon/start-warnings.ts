// What `crew check` warns about beyond the file, said again when crew starts (before any pool
// does): a range nothing drives, a budget compared with a cgroup that already holds far more
// than crew's processes. Placed by key path (the daemon has no positions); never fatal.
import { resolveBudgetBytes } from '../config/budget.js';
import { cgroupBudgetIssues, readCgroupView } from '../config/cgroup-check.js';
import type { PathIssue } from '../config/issues.js';
import { autoscaleDriverIssues } from '../config/pool-checks.js';
import type { CrewConfig } from '../config/types.js';
import { readContainerMemory } from '../memory/cgroup.js';

export async function startWarnings(config: CrewConfig): Promise<string[]> {
  const container = readContainerMemory();
  const limit = container?.hasLimit ? container.limitBytes : null;
  const view = await readCgroupView(config.budget).catch(() => null);
  const issues: PathIssue[] = [
    ...autoscaleDriverIssues(config),
    ...cgroupBudgetIssues(config.budget, resolveBudgetBytes(config.budget, limit), view),
  ];
  return issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
