// The load a trace puts on each pool, second by second, in processes: per queue, the slots the
// live policy's need (scale/need.ts, slotsNeeded) gives for the work that arrived within the
// pool's target wait (what must be cleared in time) and the work per second of the last minute
// (what keeps the pool busy), with the trace's own service times, divided by the slots a process
// gives: the pool's concurrency, or for a pool with per-queue limits each queue's own limit (the
// pool needs what its neediest queue does).
import type { PoolConfig } from '../config/types.js';
import { slotsNeeded } from '../scale/need.js';
import { queuesOfPool, specOfPool } from '../scale/pool-spec.js';
import type { Trace } from '../scale/simulate/trace.js';

const KEEP_WINDOW_SEC = 60;

// Seconds of work arriving in each second of the trace, per queue (by the trace's queue index).
export function workBySecond(trace: Trace): Float64Array[] {
  const seconds = trace.rows === 0 ? 1 : Math.ceil(trace.timeMs[trace.rows - 1]! / 1000) + 1;
  const work = trace.queues.map(() => new Float64Array(seconds));
  for (let row = 0; row < trace.rows; row++) {
    const at = Math.min(seconds - 1, Math.floor((trace.timeMs[row]! + trace.delayMs[row]!) / 1000));
    work[trace.queue[row]!]![at]! += (trace.jobs[row]! * trace.serviceMs[row]!) / 1000;
  }
  return work;
}

// Sum over the trailing window of `windowSec` seconds ending at each second.
function trailingSums(values: Float64Array, windowSec: number): Float64Array {
  const sums = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= windowSec) sum -= values[i - windowSec]!;
    sums[i] = sum;
  }
  return sums;
}

// Slots needed in each second for `work` (seconds of work arriving per second).
function slotsFor(work: Float64Array, windowSec: number): Float64Array {
  const clear = trailingSums(work, windowSec);
  const keep = trailingSums(work, KEEP_WINDOW_SEC);
  const slots = new Float64Array(work.length);
  for (let s = 0; s < work.length; s++) {
    const load = { backlogWorkSec: clear[s]!, arrivingWorkPerSec: keep[s]! / KEEP_WINDOW_SEC };
    slots[s] = slotsNeeded(load, windowSec);
  }
  return slots;
}

// Processes (fractional) each pool needs in each second of the trace; a queue served by several
// pools is shared evenly among them.
export function processesBySecond(
  pools: readonly PoolConfig[],
  trace: Trace,
): Map<string, Float64Array> {
  const work = workBySecond(trace);
  const index = new Map(trace.queues.map((name, i) => [name, i] as const));
  const servers = new Map<string, number>();
  for (const pool of pools)
    for (const q of queuesOfPool(pool)) servers.set(q, (servers.get(q) ?? 0) + 1);
  const length = work[0]?.length ?? 1;
  const result = new Map<string, Float64Array>();
  for (const pool of pools) {
    const spec = specOfPool(pool);
    const windowSec = Math.max(1, Math.round(spec.targetWaitMs / 1000));
    // Lanes: each queue at its own limit; otherwise one lane of every queue at the concurrency.
    const lanes = spec.lanes ?? [{ queue: null, concurrency: spec.concurrency }];
    const processes = new Float64Array(length);
    for (const lane of lanes) {
      const combined = new Float64Array(length);
      for (const q of lane.queue === null ? queuesOfPool(pool) : [lane.queue]) {
        const i = index.get(q);
        if (i === undefined) continue;
        const share = servers.get(q)!;
        for (let s = 0; s < length; s++) combined[s]! += work[i]![s]! / share;
      }
      const slots = slotsFor(combined, windowSec);
      const perProcess = Math.max(1, lane.concurrency);
      for (let s = 0; s < length; s++)
        processes[s] = Math.max(processes[s]!, slots[s]! / perProcess);
    }
    result.set(pool.name, processes);
  }
  return result;
}
