// Memory on the wire. `crew stats` as data: the container as `docker stats` counts it, each
// pool's processes (PSS of each process's tree), crew itself, and "other" — what the container
// uses beyond all of that; and memory over time (`memory_history`, /history). Shapes in
// docs/cli.md and docs/observe.md, kept stable.

import type { BudgetSpec } from '../../config/types.js';
import type { HistoryResolution, HistorySeries } from '../../memory/history.js';
import type { ProcessSample, Sample } from '../../memory/sample.js';
import { type BudgetJson, budgetUsed } from './budget-used.js';
import type { FpmPoolJson } from './fpm.js';

// Each queue over time (observe/queue-history.ts): a value per `at`, null where the queue was
// not reported.
export interface QueueHistoryJson {
  readonly at: readonly number[];
  readonly queues: Record<
    string,
    {
      readonly ready: readonly (number | null)[];
      readonly oldest_wait_ms: readonly (number | null)[];
      readonly target_wait_ms: readonly (number | null)[];
    }
  >;
}

// The `memory_history` answer: the series at the resolution asked for, and the queues' points
// (one a second at most, whatever the resolution).
export interface HistoryJson extends HistorySeries {
  readonly resolution: HistoryResolution;
  readonly queues?: QueueHistoryJson;
}

export interface StatsProcess {
  readonly name: string;
  readonly pid: number;
  readonly pss_bytes: number;
  readonly rss_bytes: number;
  readonly uss_bytes: number;
  readonly swap_bytes: number;
  // Processes in the tree, the root included.
  readonly pids: number;
}

export interface StatsPool {
  readonly name: string;
  readonly pss_bytes: number;
  readonly processes: readonly StatsProcess[];
}

export interface StatsReport {
  readonly at: string;
  readonly container: {
    readonly usage_bytes: number;
    readonly limit_bytes: number;
    readonly has_limit: boolean;
  } | null;
  readonly crew: {
    readonly pss_bytes: number;
    readonly rss_bytes: number;
    readonly uss_bytes: number;
  };
  readonly pools: readonly StatsPool[];
  // Container usage minus crew and every pool; null without a container reading.
  readonly other_bytes: number | null;
  readonly budget_bytes: number | null;
  // What the budget counts, as the autoscaler compares it with budget_bytes (budget-used.ts).
  readonly budget: BudgetJson;
  // PHP-FPM pools with their children; absent without any.
  readonly fpm?: readonly FpmPoolJson[];
}

const processJson = (proc: ProcessSample): StatsProcess => ({
  name: proc.name,
  pid: proc.pid,
  pss_bytes: proc.pssBytes,
  rss_bytes: proc.rssBytes,
  uss_bytes: proc.ussBytes,
  swap_bytes: proc.swapBytes,
  pids: proc.pids,
});

// Builds the report from one sample; pools appear in config order, empty ones included. The
// budget as configured (its scope and allowance), or already resolved to bytes.
export function buildStats(
  sample: Sample,
  poolNames: readonly string[],
  budgetSpec: BudgetSpec | number | null,
): StatsReport {
  const budget = budgetUsed(sample, budgetSpec);
  const pools = poolNames.map((name) => {
    const processes = sample.processes.filter((proc) => proc.pool === name).map(processJson);
    return { name, pss_bytes: processes.reduce((sum, proc) => sum + proc.pss_bytes, 0), processes };
  });
  const tracked = sample.crew.pssBytes + pools.reduce((sum, pool) => sum + pool.pss_bytes, 0);
  const container = sample.container;
  return {
    at: new Date(sample.at).toISOString(),
    container: container
      ? {
          usage_bytes: container.usageBytes,
          limit_bytes: container.limitBytes,
          has_limit: container.hasLimit,
        }
      : null,
    crew: {
      pss_bytes: sample.crew.pssBytes,
      rss_bytes: sample.crew.rssBytes,
      uss_bytes: sample.crew.ussBytes,
    },
    pools,
    other_bytes: container ? Math.max(0, container.usageBytes - tracked) : null,
    budget_bytes: budget.budget_bytes,
    budget,
  };
}
