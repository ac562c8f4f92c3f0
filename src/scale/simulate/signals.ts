// What the policy is told about a pool of the model at a tick, as the live daemon tells it about
// a real pool: the backlog of its queues (a queue served by several pools shared evenly among
// them), the rates over the queues' windows, busy slots, and per queue for per-queue limits.
import type { LaneSignals, PoolSignals } from '../spec.js';
import { readyCount, type SimPool, type SimQueue } from './model.js';

// The pool's signals at `now`; `targetWaitMs` decides which delayed jobs are due.
export function poolSignalsOf(pool: SimPool, targetWaitMs: number, now: number): PoolSignals {
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
