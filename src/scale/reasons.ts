// The words of the policy's reasons that more than one step uses.
import { formatBytes } from '../config/units.js';
import type { MemorySignals } from './spec.js';

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

const mib = (bytes: number) => `${formatBytes(bytes, 'MiB')} MiB`;

// What the budget counts, for reasons about it: `412 of 400 MiB used by crew and its pools (60
// MiB allowed for other; 96 MiB more in the cgroup is not crew's and not counted)`, or for the
// whole cgroup `412 of 400 MiB used in the cgroup, 52 MiB of it beyond crew and its pools`.
export function budgetWords(memory: MemorySignals, usedBytes: number): string {
  const usage = usageWords(usedBytes, memory.budgetBytes);
  if (memory.scope === 'crew') {
    const notes = clauses(
      memory.otherBytes > 0 ? `${mib(memory.otherBytes)} allowed for other` : null,
      memory.outsideBytes
        ? `${mib(memory.outsideBytes)} more in the cgroup is not crew's and not counted`
        : null,
    );
    return `${usage} by crew and its pools${notes === '' ? '' : ` (${notes})`}`;
  }
  const beyond =
    memory.otherBytes > 0 ? `, ${mib(memory.otherBytes)} of it beyond crew and its pools` : '';
  return `${usage} in the cgroup${beyond}`;
}
