// Everything about a running crew in one JSON document: `/status`, `crew top` and the
// dashboard's numbers. Built from the same `status` handler as `crew status --json` and the same
// report as `crew stats`, plus queues, scaling and the recent events.
import type { ProcessStatusJson } from '../control/api.js';
import type { QueueReport } from '../queue/types.js';
import type { PoolScaling } from '../scale/types.js';
import type { Pool } from '../supervise/pool.js';
import type { ProcessState } from '../supervise/process-state.js';
import type { EventJson } from './event-json.js';
import { type PoolScalingJson, type QueueJson, queueJson, scalingJson } from './report-json.js';
import type { StatsReport } from './stats.js';

// What the supervisor says of a pool, beside its processes.
export interface PoolInfo {
  readonly name: string;
  readonly group: string | null;
  // Processes the pool keeps (config, `crew scale`, the autoscaler).
  readonly target: number;
  readonly maxMemoryBytes: number | null;
}

// The supervisor's pools as PoolInfo.
export function describePools(pools: readonly Pool[]): PoolInfo[] {
  return pools.map((pool) => ({
    name: pool.config.name,
    group: pool.config.group,
    target: pool.processes().length,
    maxMemoryBytes: pool.config.recycle.maxMemoryBytes,
  }));
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

export interface Overview {
  readonly at: string;
  readonly container: StatsReport['container'];
  readonly budget_bytes: number | null;
  readonly crew: StatsReport['crew'];
  readonly other_bytes: number | null;
  readonly pools: readonly PoolOverview[];
  readonly processes: readonly ProcessStatusJson[];
  readonly queues: readonly QueueJson[];
  readonly scaling: readonly PoolScalingJson[];
  // The last events kept (oldest first); /events streams the ones after last_event_id.
  readonly events: readonly EventJson[];
  readonly last_event_id: number;
}

export interface OverviewParts {
  readonly now: number;
  readonly stats: StatsReport;
  readonly pools: readonly PoolInfo[];
  readonly processes: readonly ProcessStatusJson[];
  readonly queues: readonly QueueReport[];
  readonly scaling: readonly PoolScaling[];
  readonly events: readonly EventJson[];
  readonly lastEventId: number;
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
  const scalingByPool = new Map(parts.scaling.map((entry) => [entry.pool, entry] as const));
  return {
    at: new Date(parts.now).toISOString(),
    container: parts.stats.container,
    budget_bytes: parts.stats.budget_bytes,
    crew: parts.stats.crew,
    other_bytes: parts.stats.other_bytes,
    pools: parts.pools.map((pool) =>
      poolOverview(pool, parts.processes, scalingByPool.get(pool.name)),
    ),
    processes: parts.processes,
    queues: parts.queues.map(queueJson),
    scaling: parts.scaling.map(scalingJson),
    events: parts.events,
    last_event_id: parts.lastEventId,
  };
}
