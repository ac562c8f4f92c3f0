// Replays a workload trace through the model of a config's pools on a virtual clock, with the
// same policy (decide) crew runs live, ticking every sample_interval. Deterministic: no wall
// clock, no randomness, so the same trace and config give the same result.
import type { PoolConfig } from '../../config/types.js';
import { decide, type PolicyResult } from '../decide.js';
import { queuesOfPool, specOfPool } from '../pool-spec.js';
import type { MemorySignals } from '../spec.js';
import { initialPolicyState } from '../state.js';
import {
  arrive,
  createModel,
  createSimQueue,
  handle,
  type Model,
  type SimPool,
  type SimQueue,
  scalePool,
} from './model.js';
import { poolResult, queueResult, type SimulationResult } from './result.js';
import { poolSignalsOf } from './signals.js';
import type { Trace } from './trace.js';

export interface SimulationInput {
  readonly label: string;
  // In file order; as crew.yaml's pools after loading.
  readonly pools: readonly PoolConfig[];
  readonly sampleIntervalMs: number;
  // Resolved; null: no budget.
  readonly budgetBytes: number | null;
  // Per-process PSS of each pool.
  readonly memoryBytes: ReadonlyMap<string, number>;
  readonly crewBytes: number;
  // Memory of the container beyond crew and its pools (php-fpm, caches).
  readonly otherBytes: number;
  readonly trace: Trace;
  // Keep simulating this long after the last arrival, so late jobs can finish (default 10 min).
  readonly tailMs?: number;
  // Window of the arrival and completion rates the policy sees (default 60 s, as live).
  readonly rateWindowSec?: number;
  readonly logDecisions?: boolean;
  // The target each queue's waits are counted against; default: its first pool's target_wait.
  // Comparing configs, pass the first config's, so every config is held to the same targets.
  readonly queueTargetsMs?: ReadonlyMap<string, number | null>;
  // Called with every tick's policy result (tests compare it with the live policy and the plan).
  readonly onTick?: (at: number, result: PolicyResult) => void;
}

// `08:12:03` for a time from the start of the trace.
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function build(input: SimulationInput): Model {
  const queues = input.trace.queues.map((name) => createSimQueue(name, input.rateWindowSec ?? 60));
  const byName = new Map(queues.map((q) => [q.name, q] as const));
  const pools: SimPool[] = input.pools.map((config) => {
    const names = queuesOfPool(config).filter((name) => byName.has(name));
    const perQueue = config.worker?.perQueue ?? null;
    return {
      name: config.name,
      queues: names.map((name) => byName.get(name)!),
      concurrency: config.worker?.concurrency ?? 1,
      perQueue: perQueue === null ? null : names.map((name) => perQueue[name] ?? 0),
      memoryBytes: input.memoryBytes.get(config.name) ?? 0,
      startupMs: config.startsecsMs,
      reportsBusy: config.worker !== null,
      members: [],
      draining: 0,
      processMs: 0,
      memoryByteMs: 0,
      peakProcesses: 0,
    };
  });
  for (const [i, pool] of pools.entries()) {
    for (const q of pool.queues) {
      q.servers.push(pool);
      q.targetWaitMs ??= specOfPool(input.pools[i]!).targetWaitMs;
    }
  }
  for (const q of queues) {
    const target = input.queueTargetsMs?.get(q.name);
    if (target !== undefined) q.targetWaitMs = target;
  }
  return createModel(queues, pools);
}

// Queues in the order of the pools that serve them (and of each pool's queues), unserved last.
function byServingPool(model: Model): SimQueue[] {
  const served = model.pools.flatMap((pool) => pool.queues);
  return [...new Set([...served, ...model.queues])];
}

// Runs one config against the trace.
export function simulate(input: SimulationInput): SimulationResult {
  const model = build(input);
  const { trace } = input;
  const specs = input.pools.map((pool) => specOfPool(pool));
  const scaled = input.pools.some((pool) => pool.autoscale !== null);
  const fixedBytes = input.crewBytes + input.otherBytes;
  const lastArrival = trace.rows > 0 ? trace.timeMs[trace.rows - 1]! : 0;
  const end = lastArrival + (input.tailMs ?? 600_000);
  let state = initialPolicyState;
  let decisions = 0;
  const log: string[] = [];
  let now = 0;
  let peak = 0;
  let byteMs = 0;
  let overMs = 0;
  const advance = (to: number) => {
    const dt = to - now;
    if (dt <= 0) return;
    const bytes = fixedBytes + model.liveBytes;
    byteMs += bytes * dt;
    if (input.budgetBytes !== null && bytes > input.budgetBytes) overMs += dt;
    for (const pool of model.pools) {
      const alive = pool.members.length + pool.draining;
      pool.processMs += pool.members.length * dt;
      pool.memoryByteMs += alive * pool.memoryBytes * dt;
    }
    now = to;
  };
  for (const [i, pool] of model.pools.entries())
    scalePool(model, pool, input.pools[i]!.processes, 0);
  peak = fixedBytes + model.liveBytes;

  let row = 0;
  let nextTick = 0;
  for (;;) {
    const rowAt = row < trace.rows ? trace.timeMs[row]! : Number.POSITIVE_INFINITY;
    const eventAt = model.events.peekAt();
    const at = Math.min(rowAt, eventAt, nextTick);
    if (at > end) break;
    advance(at);
    if (eventAt === at) handle(model, model.events.pop()!);
    else if (rowAt === at) {
      const q = model.queues[trace.queue[row]!]!;
      for (let n = 0; n < trace.jobs[row]!; n++)
        arrive(model, q, trace.serviceMs[row]!, trace.delayMs[row]!, at);
      row += 1;
    } else {
      nextTick += input.sampleIntervalMs;
      if (!scaled) continue;
      const memory: MemorySignals = {
        budgetBytes: input.budgetBytes,
        usedBytes: fixedBytes + model.liveBytes,
        crewBytes: input.crewBytes,
        otherBytes: input.otherBytes + model.drainingBytes,
      };
      const signals = model.pools.map((pool, i) => poolSignalsOf(pool, specs[i]!.targetWaitMs, at));
      const result = decide(specs, state, signals, memory, at);
      input.onTick?.(at, result);
      state = result.state;
      for (const decision of result.decisions) {
        decisions += 1;
        if (input.logDecisions) log.push(`${clock(at)} ${decision.reason}`);
        scalePool(model, model.pools.find((pool) => pool.name === decision.pool)!, decision.to, at);
      }
    }
    peak = Math.max(peak, fixedBytes + model.liveBytes);
  }
  advance(end);
  return {
    label: input.label,
    durationMs: end,
    queues: byServingPool(model).map((q) => queueResult(q, end)),
    pools: model.pools.map((pool) => poolResult(pool, end)),
    memory: {
      peakBytes: peak,
      averageBytes: byteMs / end,
      budgetBytes: input.budgetBytes,
      overBudgetMs: overMs,
    },
    decisions,
    decisionLog: log,
  };
}
