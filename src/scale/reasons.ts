// The words of the policy's reasons that more than one step uses.
import { mib } from './words.js';

// `312 of 400 MiB used`, or `312 MiB used` without a budget.
export function usageWords(usedBytes: number, budgetBytes: number | null): string {
  return budgetBytes === null
    ? `${mib(usedBytes)} MiB used`
    : `${mib(usedBytes)} of ${mib(budgetBytes)} MiB used`;
}

// Joins the parts that are there with `; `.
export function clauses(...parts: readonly (string | null)[]): string {
  return parts.filter((part): part is string => part !== null && part !== '').join('; ');
}
