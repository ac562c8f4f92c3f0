// Replays a workload trace through the model of a config's pools on a virtual clock, with the
// same policy (decide) crew runs live, ticking every sample_interval. Deterministic: no wall
// clock, no randomness, so the same trace and config give the same result.
import type { PoolConfig } from '../../config/types.js';
import { decide } from '../decide.js';
import { queuesOfPool, specOfPool } from '../pool-spec.js';
import type { LaneSignals, MemorySignals, PoolSignals } from '../spec.js';
import { initialPolicyState } from '../state.js';
import {
  arrive,
  createModel,
  createQueue,
  handle,
  type Model,
  readyCount,
  type SimPool,
  type SimQueue,
  scalePool,
} from './model.js';
import { poolResult, queueResult, type SimulationResult } from './result.js';
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
}

// `08:12:03` for a time from the start of the trace.
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function build(input: SimulationInput): Model {
  const queues = input.trace.queues.map((name) => createQueue(name, input.rateWindowSec ?? 60));
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

function signalsOf(pool: SimPool, targetWaitMs: number, now: number): PoolSignals {
  let ready = 0;
  let delayed = 0;
  let delayedDue = 0;
  let oldest: number | null = null;
  let arrivals = 0;
  let completions = 0;
  for (const q of pool.queues) {
    const share = q.servers.length;
    ready += Math.ceil(readyCount(q) / share);
    delayed += Math.ceil(q.delayed.length / share);
    delayedDue += Math.ceil(q.delayed.filter((at) => at <= now + targetWaitMs).length / share);
    if (readyCount(q) > 0) oldest = Math.max(oldest ?? 0, now - q.ready[q.readyHead]!.availableAt);
    arrivals += q.arrivals.perSecond(now) / share;
    completions += q.completions.perSecond(now) / share;
  }
  let busy = 0;
  for (const proc of pool.members) busy += proc.busy;
  const slots = pool.members.length * pool.concurrency;
  const lanes =
    pool.perQueue === null ? undefined : pool.queues.map((q) => laneOf(q, pool, targetWaitMs, now));
  return {
    pool: pool.name,
    processes: pool.members.length,
    ready,
    delayed,
    delayedDue,
    reserved: busy,
    oldestWaitMs: oldest,
    arrivalsPerSec: arrivals,
    completionsPerSec: completions,
    finishedTotal: pool.queues.reduce((sum, q) => sum + q.done / q.servers.length, 0),
    busyFraction: pool.reportsBusy && slots > 0 ? busy / slots : null,
    pssSamplesBytes: [pool.memoryBytes],
    processPss: [],
    ...(lanes ? { lanes } : {}),
  };
}

// One queue's part of a pool's signals (its share when several pools serve it).
function laneOf(q: SimQueue, pool: SimPool, targetWaitMs: number, now: number): LaneSignals {
  const share = q.servers.length;
  const i = pool.queues.indexOf(q);
  let reserved = 0;
  for (const proc of pool.members) reserved += proc.busyAt[i]!;
  return {
    queue: q.name,
    ready: Math.ceil(readyCount(q) / share),
    delayed: Math.ceil(q.delayed.length / share),
    delayedDue: Math.ceil(q.delayed.filter((at) => at <= now + targetWaitMs).length / share),
    reserved,
    oldestWaitMs: readyCount(q) > 0 ? now - q.ready[q.readyHead]!.availableAt : null,
    arrivalsPerSec: q.arrivals.perSecond(now) / share,
    completionsPerSec: q.completions.perSecond(now) / share,
    finishedTotal: q.done / share,
  };
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
      const signals = model.pools.map((pool, i) => signalsOf(pool, specs[i]!.targetWaitMs, at));
      const result = decide(specs, state, signals, memory, at);
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
