// "Budget used": the one figure the autoscaler compares with the budget (scale/budget-view.ts —
// scope crew: crew, its pools' trees and the `other` allowance; scope container: the cgroup's
// usage, at least the allowance beyond crew and the pools), with its parts and the words every
// screen prints: `crew stats`, `crew top`, /status, /metrics and the dashboard.
import { budgetShare, resolveBudgetBytes } from '../../config/budget.js';
import type { BudgetSpec } from '../../config/types.js';
import { formatBytes } from '../../config/units.js';
import type { Sample } from '../../memory/sample.js';
import { budgetView } from '../../scale/budget-view.js';
import type { MemorySignals } from '../../scale/spec.js';

export interface BudgetJson {
  readonly used_bytes: number;
  // null: no budget (or a relative one without a container limit).
  readonly budget_bytes: number | null;
  // The scope in force (auto resolved).
  readonly scope: 'crew' | 'container';
  readonly over: boolean;
  // What used_bytes adds up: the pools' process trees (PSS), crew itself and other (the
  // allowance in scope crew; the cgroup's rest, at least the allowance, in scope container).
  readonly parts: { readonly pools: number; readonly crew: number; readonly other: number };
  // Memory in the cgroup the budget does not count (scope crew); null: none known.
  readonly outside_bytes: number | null;
  // `410 MiB of 400 MiB (103%), over budget by 10 MiB, most in pools`
  readonly description: string;
  // `pools 300 MiB + crew 18 MiB + other 92 MiB (scope crew); 46 MiB not counted` (the last
  // part: outside_bytes, when there is any).
  readonly breakdown: string;
}

type Part = keyof BudgetJson['parts'];

// What the budget counts in one sample, as the autoscaler reads it (the daemon's policy input
// and every screen's figure come from this one call).
export function sampleBudgetView(sample: Sample, spec: BudgetSpec | null): MemorySignals {
  const { container } = sample;
  const { scope, otherBytes } = budgetShare(spec);
  return budgetView({
    budgetBytes: resolveBudgetBytes(spec, container?.hasLimit ? container.limitBytes : null),
    scope,
    otherAllowanceBytes: otherBytes,
    usageBytes: container?.usageBytes ?? null,
    crewBytes: sample.crew.pssBytes,
    poolsBytes: sample.processes.reduce((sum, proc) => sum + proc.pssBytes, 0),
    foreign: sample.foreign ?? null,
  });
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

// The figure and its words from one sample and the budget as configured (pure). A plain number
// is a budget already resolved to bytes, with the scalar form's scope (auto) and no allowance.
export function budgetUsed(sample: Sample, budget: BudgetSpec | number | null): BudgetJson {
  const spec: BudgetSpec | null =
    typeof budget === 'number' ? { kind: 'bytes', bytes: budget } : budget;
  const poolsBytes = sample.processes.reduce((sum, proc) => sum + proc.pssBytes, 0);
  const view = sampleBudgetView(sample, spec);
  const parts = { pools: poolsBytes, crew: view.crewBytes, other: view.otherBytes };
  // Nothing measured the cgroup: the policy adds the parts up itself (scale/spec.ts).
  const used = view.usedBytes ?? parts.pools + parts.crew + parts.other;
  return describeBudgetUsed({
    used_bytes: used,
    budget_bytes: view.budgetBytes,
    scope: view.scope ?? 'container',
    parts,
    outside_bytes: view.outsideBytes ?? null,
  });
}

// Adds `over` and the words to the figures (pure).
export function describeBudgetUsed(
  figures: Omit<BudgetJson, 'over' | 'description' | 'breakdown'>,
): BudgetJson {
  const { used_bytes: used, budget_bytes: budget, parts } = figures;
  const over = budget !== null && used > budget;
  const largest = (Object.keys(parts) as Part[]).reduce((a, b) => (parts[b] > parts[a] ? b : a));
  const description =
    budget === null
      ? `${formatBytes(used)}, no budget set`
      : `${formatBytes(used)} of ${formatBytes(budget)} (${percent(used, budget)})${
          over ? `, OVER budget by ${formatBytes(used - budget)}, most in ${largest}` : ''
        }`;
  const sum = (Object.keys(parts) as Part[]).map((part) => `${part} ${formatBytes(parts[part])}`);
  const outside =
    figures.outside_bytes !== null && figures.outside_bytes > 0
      ? `; ${formatBytes(figures.outside_bytes)} not counted`
      : '';
  return {
    ...figures,
    over,
    description,
    breakdown: `${sum.join(' + ')} (scope ${figures.scope})${outside}`,
  };
}
