// What the budget counts this tick, from what the sampler measured. The budget's scope says:
//   container  the cgroup's usage as docker stats shows it: crew, its pools and everything else
//              in the cgroup (kernel caches, a php-fpm crew did not start), at least the
//              `other` allowance beyond crew and the pools;
//   crew       crew, the trees of the processes it started and the `other` allowance; the rest
//              of the cgroup is reported (outsideBytes) but not counted, since nothing crew can
//              do would bring it down;
//   auto       container while the cgroup holds only crew's processes, crew once it holds
//              processes crew did not start with SHARED_MIN_BYTES or more between them (a tini
//              or a shell above crew does not count), or any /proc cannot show.
// Pure: the daemon's autoscaler and memory watch pass in what they measured.
import type { BudgetScope } from '../config/budget.js';
import type { ForeignProcesses } from '../memory/sample.js';
import type { MemorySignals } from './spec.js';

const MiB = 1024 * 1024;

// Processes crew did not start that hold at least this much RSS make the cgroup shared.
export const SHARED_MIN_BYTES = 16 * MiB;

export interface BudgetMeasure {
  // The resolved limit; null: no budget.
  readonly budgetBytes: number | null;
  readonly scope: BudgetScope;
  // crew.yaml's `budget.other`.
  readonly otherAllowanceBytes: number;
  // The cgroup's usage; null when no cgroup is readable.
  readonly usageBytes: number | null;
  // PSS of crew itself, and of every managed process's tree.
  readonly crewBytes: number;
  readonly poolsBytes: number;
  // null: the cgroup's process list could not be read.
  readonly foreign: ForeignProcesses | null;
}

// Whether the cgroup holds memory of processes crew did not start.
export function isSharedCgroup(foreign: ForeignProcesses | null): boolean {
  return foreign !== null && (foreign.unseen > 0 || foreign.rssBytes >= SHARED_MIN_BYTES);
}

// The scope in force: auto resolved by what the cgroup holds.
export function scopeInForce(scope: BudgetScope, foreign: ForeignProcesses | null) {
  if (scope !== 'auto') return scope;
  return isSharedCgroup(foreign) ? 'crew' : 'container';
}

// The policy's memory signals for this tick.
export function budgetView(m: BudgetMeasure): MemorySignals {
  const controlled = m.crewBytes + m.poolsBytes;
  const beyond = m.usageBytes === null ? null : Math.max(0, m.usageBytes - controlled);
  const scope = scopeInForce(m.scope, m.foreign);
  const base = { budgetBytes: m.budgetBytes, crewBytes: m.crewBytes, scope } as const;
  if (scope === 'crew') {
    return {
      ...base,
      usedBytes: controlled + m.otherAllowanceBytes,
      otherBytes: m.otherAllowanceBytes,
      outsideBytes: beyond === null ? null : Math.max(0, beyond - m.otherAllowanceBytes),
    };
  }
  const otherBytes = Math.max(beyond ?? 0, m.otherAllowanceBytes);
  return {
    ...base,
    usedBytes: beyond === null ? null : controlled + otherBytes,
    otherBytes,
    outsideBytes: null,
  };
}
