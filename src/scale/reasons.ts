// The words of the policy's reasons that more than one step uses.
import { formatBytes } from '../config/units.js';

// `312 of 400 MiB used`, or `312 MiB used` without a budget.
export function usageWords(usedBytes: number, budgetBytes: number | null): string {
  return budgetBytes === null
    ? `${formatBytes(usedBytes, 'MiB')} MiB used`
    : `${formatBytes(usedBytes, 'MiB')} of ${formatBytes(budgetBytes, 'MiB')} MiB used`;
}

// Joins the parts that are there with `; `.
export function clauses(...parts: readonly (string | null)[]): string {
  return parts.filter((part): part is string => part !== null && part !== '').join('; ');
}
