// Everything about a running crew in one JSON document: `/status`, `crew top` and the
// dashboard's numbers. Built from the `status` answer (as `crew status --json`) and the `stats`
// report (as `crew stats`), plus queues, scaling and the recent events. Shape in docs/observe.md.
import type { QueueReport } from '../../queue/types.js';
import type { PoolScaling } from '../../scale/types.js';
import type { ProcessState } from '../../supervise/process-state.js';
import type { EventJson } from './event.js';
import type { StatsReport } from './memory.js';
import type { ProcessStatusJson, StatusJson } from './process.js';
import { type PoolScalingJson, type QueueJson, queueJson, scalingJson } from './queue.js';

// What the supervisor says of a pool, beside its processes.
export interface PoolInfo {
  readonly name: string;
  readonly group: string | null;
  // Processes the pool keeps (config, `crew scale`, the autoscaler).
  readonly target: number;
  readonly maxMemoryBytes: number | null;
}

export interface PoolOverview {
  readonly name: string;
  readonly group: string | null;
  readonly target: number;
  // What the autoscaler asks for; the target when no autoscaler reports on the pool.
  readonly desired: number;
  readonly shortfall: number;
  // Processes by state, retiring ones included; states with none are left out.
  readonly states: Partial<Record<ProcessState, number>>;
  readonly pss_bytes: number;
  readonly rss_bytes: number;
  readonly max_memory_bytes: number | null;
}

// The stats report's figures with pools summed from the processes of `status`.
export interface Overview extends Omit<StatsReport, 'pools'>, StatusJson {
  readonly pools: readonly PoolOverview[];
  readonly queues: readonly QueueJson[];
  readonly scaling: readonly PoolScalingJson[];
  // The last events kept (oldest first); /events streams the ones after last_event_id.
  readonly events: readonly EventJson[];
  readonly last_event_id: number;
}

// What the overview is built from: the answers of `stats` and `status`, the supervisor's pools,
// the queue and scaling reports, and the event ring's recent events with the last id given.
export interface OverviewParts {
  readonly now: number;
  readonly stats: StatsReport;
  readonly status: StatusJson;
  readonly pools: readonly PoolInfo[];
  readonly reports: {
    readonly queues: readonly QueueReport[];
    readonly scaling: readonly PoolScaling[];
  };
  readonly recent: { readonly events: readonly EventJson[]; readonly lastId: number };
}

function poolOverview(
  pool: PoolInfo,
  processes: readonly ProcessStatusJson[],
  scaling: PoolScaling | undefined,
): PoolOverview {
  const states: Partial<Record<ProcessState, number>> = {};
  let pss = 0;
  let rss = 0;
  for (const proc of processes) {
    if (proc.pool !== pool.name) continue;
    states[proc.state] = (states[proc.state] ?? 0) + 1;
    pss += proc.pss_bytes ?? 0;
    rss += proc.rss_bytes ?? 0;
  }
  return {
    name: pool.name,
    group: pool.group,
    target: pool.target,
    desired: scaling?.desired ?? pool.target,
    shortfall: scaling?.shortfall ?? 0,
    states,
    pss_bytes: pss,
    rss_bytes: rss,
    max_memory_bytes: pool.maxMemoryBytes,
  };
}

// Puts the parts together (pure).
export function buildOverview(parts: OverviewParts): Overview {
  const { stats, status, reports } = parts;
  const scalingByPool = new Map(reports.scaling.map((entry) => [entry.pool, entry] as const));
  return {
    at: new Date(parts.now).toISOString(),
    container: stats.container,
    budget_bytes: stats.budget_bytes,
    budget: stats.budget,
    crew: stats.crew,
    other_bytes: stats.other_bytes,
    ...(stats.fpm ? { fpm: stats.fpm } : {}),
    pools: parts.pools.map((pool) =>
      poolOverview(pool, status.processes, scalingByPool.get(pool.name)),
    ),
    processes: status.processes,
    queues: reports.queues.map(queueJson),
    scaling: reports.scaling.map(scalingJson),
    events: parts.recent.events,
    last_event_id: parts.recent.lastId,
  };
}
