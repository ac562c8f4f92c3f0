// The discrete-event model of pools serving queues that `crew simulate` runs the policy against.
// Each process runs `concurrency` jobs at once (and at most a queue's own limit of that queue's,
// for handler pools with a per-queue concurrency), takes jobs from its pool's queues in order
// (FIFO within a queue) the moment a slot is free (no polling delay), and starts taking jobs
// `startupMs` after it is spawned. A scale-down removes the highest-numbered processes, as
// crew's pools do: one that is idle or still starting goes at once; a busy one drains — it
// finishes its jobs, takes no new ones, then exits. A process uses its pool's memory from spawn
// to exit.
import { createHeap, type EventHeap } from './heap.js';
import { createRateWindow, type RateWindow } from './rate-window.js';

export interface SimJob {
  readonly availableAt: number;
  readonly serviceMs: number;
  readonly queue: SimQueue;
}

export interface SimQueue {
  readonly name: string;
  // The first pool's target wait, for the share of jobs over it; null if no pool serves it.
  targetWaitMs: number | null;
  readonly ready: SimJob[];
  readyHead: number;
  // available_at of each delayed job.
  readonly delayed: number[];
  readonly servers: SimPool[];
  readonly arrivals: RateWindow;
  readonly completions: RateWindow;
  readonly waitsMs: number[];
  arrived: number;
  done: number;
  reserved: number;
}

export interface SimProcess {
  state: 'starting' | 'running' | 'draining' | 'gone';
  busy: number;
  // Jobs running per queue of the pool (by the pool's queue index).
  readonly busyAt: number[];
}

export interface SimPool {
  readonly name: string;
  readonly queues: readonly SimQueue[];
  readonly concurrency: number;
  // Per process, per queue of the pool (same index as queues); null: only `concurrency` limits.
  readonly perQueue: readonly number[] | null;
  readonly memoryBytes: number;
  readonly startupMs: number;
  // Workers that report their busy slots (built-in Node workers) rather than only reserved jobs.
  readonly reportsBusy: boolean;
  readonly members: SimProcess[];
  draining: number;
  // Integrals over time, for averages.
  processMs: number;
  memoryByteMs: number;
  peakProcesses: number;
}

type SimEvent =
  | {
      readonly at: number;
      readonly kind: 'complete';
      readonly pool: SimPool;
      readonly proc: SimProcess;
      readonly job: SimJob;
    }
  | {
      readonly at: number;
      readonly kind: 'started';
      readonly pool: SimPool;
      readonly proc: SimProcess;
    }
  | { readonly at: number; readonly kind: 'available'; readonly job: SimJob };

export interface Model {
  readonly queues: readonly SimQueue[];
  readonly pools: readonly SimPool[];
  readonly events: EventHeap<SimEvent>;
  // Bytes of every process alive (members, draining).
  liveBytes: number;
  drainingBytes: number;
}

// A queue of the model, empty, its rates over `rateWindowSec`.
export function createSimQueue(name: string, rateWindowSec: number): SimQueue {
  return {
    name,
    targetWaitMs: null,
    ready: [],
    readyHead: 0,
    delayed: [],
    servers: [],
    arrivals: createRateWindow(rateWindowSec),
    completions: createRateWindow(rateWindowSec),
    waitsMs: [],
    arrived: 0,
    done: 0,
    reserved: 0,
  };
}

export function createModel(queues: readonly SimQueue[], pools: readonly SimPool[]): Model {
  return { queues, pools, events: createHeap<SimEvent>(), liveBytes: 0, drainingBytes: 0 };
}

export const readyCount = (q: SimQueue) => q.ready.length - q.readyHead;

function canTake(pool: SimPool, proc: SimProcess, i: number): boolean {
  return pool.perQueue === null || proc.busyAt[i]! < pool.perQueue[i]!;
}

function takeJob(pool: SimPool, proc: SimProcess): SimJob | null {
  for (const [i, q] of pool.queues.entries()) {
    if (q.readyHead < q.ready.length && canTake(pool, proc, i)) {
      const job = q.ready[q.readyHead++]!;
      // Compact now and then so the array does not grow without bound.
      if (q.readyHead > 4096 && q.readyHead * 2 > q.ready.length) {
        q.ready.splice(0, q.readyHead);
        q.readyHead = 0;
      }
      return job;
    }
  }
  return null;
}

// Fills the process's free slots from its pool's queues.
function fill(model: Model, pool: SimPool, proc: SimProcess, now: number): void {
  while (proc.state === 'running' && proc.busy < pool.concurrency) {
    const job = takeJob(pool, proc);
    if (job === null) return;
    proc.busy += 1;
    proc.busyAt[pool.queues.indexOf(job.queue)]! += 1;
    job.queue.reserved += 1;
    job.queue.waitsMs.push(now - job.availableAt);
    model.events.push({ at: now + job.serviceMs, kind: 'complete', pool, proc, job });
  }
}

// A job becomes runnable: it goes to a free slot of a pool serving its queue, or waits.
export function makeReady(model: Model, job: SimJob, now: number): void {
  const q = job.queue;
  q.ready.push(job);
  for (const pool of q.servers) {
    const i = pool.queues.indexOf(q);
    for (const proc of pool.members) {
      if (proc.state === 'running' && proc.busy < pool.concurrency && canTake(pool, proc, i)) {
        fill(model, pool, proc, now);
        return;
      }
    }
  }
}

// Adds an arrival; a delayed job becomes runnable later.
export function arrive(model: Model, q: SimQueue, serviceMs: number, delayMs: number, now: number) {
  q.arrived += 1;
  q.arrivals.add(now, 1);
  const job: SimJob = { availableAt: now + delayMs, serviceMs, queue: q };
  if (delayMs <= 0) makeReady(model, job, now);
  else {
    q.delayed.push(job.availableAt);
    model.events.push({ at: job.availableAt, kind: 'available', job });
  }
}

function exit(model: Model, pool: SimPool, proc: SimProcess): void {
  if (proc.state === 'draining') {
    pool.draining -= 1;
    model.drainingBytes -= pool.memoryBytes;
  }
  proc.state = 'gone';
  model.liveBytes -= pool.memoryBytes;
}

// Handles one event from the heap.
export function handle(model: Model, event: SimEvent): void {
  const now = event.at;
  if (event.kind === 'available') {
    const { delayed } = event.job.queue;
    delayed.splice(delayed.indexOf(event.job.availableAt), 1);
    makeReady(model, event.job, now);
  } else if (event.kind === 'started') {
    if (event.proc.state !== 'starting') return;
    event.proc.state = 'running';
    fill(model, event.pool, event.proc, now);
  } else {
    const { pool, proc, job } = event;
    proc.busy -= 1;
    proc.busyAt[pool.queues.indexOf(job.queue)]! -= 1;
    job.queue.reserved -= 1;
    job.queue.done += 1;
    job.queue.completions.add(now, 1);
    if (proc.state === 'draining' && proc.busy === 0) exit(model, pool, proc);
    else fill(model, pool, proc, now);
  }
}

// Sets the pool's process count: new processes start; the highest-numbered ones go or drain.
export function scalePool(model: Model, pool: SimPool, count: number, now: number): void {
  while (pool.members.length < count) {
    const proc: SimProcess = { state: 'starting', busy: 0, busyAt: pool.queues.map(() => 0) };
    pool.members.push(proc);
    model.liveBytes += pool.memoryBytes;
    model.events.push({ at: now + pool.startupMs, kind: 'started', pool, proc });
  }
  for (const proc of pool.members.splice(count)) {
    if (proc.busy === 0) exit(model, pool, proc);
    else {
      proc.state = 'draining';
      pool.draining += 1;
      model.drainingBytes += pool.memoryBytes;
    }
  }
  pool.peakProcesses = Math.max(pool.peakProcesses, pool.members.length);
}
