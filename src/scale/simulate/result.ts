// What a simulation reports: per queue the jobs and their waits, per pool its processes and
// memory, and the container's memory and the policy's decisions.
import type { SimPool, SimQueue } from './model.js';

export interface WaitFigures {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface QueueResult {
  readonly queue: string;
  // The pools that serve it (none: its jobs are never run).
  readonly pools: readonly string[];
  readonly arrived: number;
  readonly done: number;
  // Arrived but not finished by the end of the simulation.
  readonly left: number;
  // Of the jobs started; null when none started.
  readonly wait: WaitFigures | null;
  readonly targetWaitMs: number | null;
  // Jobs that started later than the target.
  readonly overTarget: number;
}

export interface PoolResult {
  readonly pool: string;
  readonly averageProcesses: number;
  readonly peakProcesses: number;
  readonly averageMemoryBytes: number;
}

export interface SimulationResult {
  readonly label: string;
  readonly durationMs: number;
  readonly queues: readonly QueueResult[];
  readonly pools: readonly PoolResult[];
  readonly memory: {
    readonly peakBytes: number;
    readonly averageBytes: number;
    readonly budgetBytes: number | null;
    // How long the container was above the budget.
    readonly overBudgetMs: number;
  };
  readonly decisions: number;
  // `08:12:03 payments 2→3: ...`, when asked for.
  readonly decisionLog: readonly string[];
}

// The p-th percentile (0..1) of sorted values by nearest rank.
function nearestRank(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

// Summarises a queue at the end (`endMs`): jobs never started count as over target once they
// have waited longer than it.
export function queueResult(q: SimQueue, endMs: number): QueueResult {
  const waits = Float64Array.from(q.waitsMs).sort();
  const target = q.targetWaitMs;
  let overTarget = 0;
  if (target !== null) {
    for (const w of waits) if (w > target) overTarget += 1;
    for (let i = q.readyHead; i < q.ready.length; i++)
      if (endMs - q.ready[i]!.availableAt > target) overTarget += 1;
  }
  return {
    queue: q.name,
    pools: q.servers.map((pool) => pool.name),
    arrived: q.arrived,
    done: q.done,
    left: q.arrived - q.done,
    wait:
      waits.length === 0
        ? null
        : { p50Ms: nearestRank(waits, 0.5), p95Ms: nearestRank(waits, 0.95), maxMs: waits.at(-1)! },
    targetWaitMs: target,
    overTarget,
  };
}

// Summarises a pool over a run of `durationMs`.
export function poolResult(pool: SimPool, durationMs: number): PoolResult {
  return {
    pool: pool.name,
    averageProcesses: pool.processMs / durationMs,
    peakProcesses: pool.peakProcesses,
    averageMemoryBytes: pool.memoryByteMs / durationMs,
  };
}
