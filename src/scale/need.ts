// How many processes a pool's backlog needs so that its oldest job waits no longer than the
// target W. Two bounds, the larger wins:
//
//   clear:  (ready + delayedDue + reserved) / (μ · W)   the work that must start within W, over
//           what one slot finishes in W (Horizon's time-to-clear, KEDA's ceil(backlog / target))
//   keep:   λ / (μ · 0.8)                               the slots the arrivals keep busy, at 80 %
//           utilisation (waits grow without bound as a queue nears 100 %)
//
// μ is the jobs one busy slot finishes per second (rates.ts), λ the arrivals per second. A job
// arriving while a backlog clears waits less than the backlog's last job, so the bounds are not
// added: adding them would count a periodic batch twice, as backlog and again as arrival rate.
// Processes are slots / concurrency, rounded up and clamped to [min, max]. When the oldest job is
// already late while every slot is busy, or while at least as many jobs are ready as there are
// slots (fast jobs are seldom seen reserved), the estimate is wrong whatever it says: one more.
// With nothing waiting, running or due and under one arrival per W, the need is 0: a process
// started for the next job still starts it within W (`processes: 0..N` keeps none resident).
// The two bounds (slotsNeeded) and the rounding (wholeProcesses) are the ones `crew plan` sizes a
// trace's load by, second by second (plan/load.ts), in seconds of work rather than jobs.
import type { PoolSignals, PoolSpec } from './spec.js';
import { perSecond, processes, seconds } from './words.js';

export const TARGET_UTILISATION = 0.8;

export interface Need {
  // Clamped to [min, max].
  readonly processes: number;
  // Before the clamp (may exceed max).
  readonly unclamped: number;
  // The oldest job waited longer than the target.
  readonly late: boolean;
  // Why, in words: `oldest job waited 7.2 s > target 5 s`.
  readonly why: string;
}

// Work to size a pool by, in seconds of one slot's time.
export interface WorkLoad {
  // Work that must start within the target wait: the backlog (or what arrived within the wait).
  readonly backlogWorkSec: number;
  // Work arriving per second.
  readonly arrivingWorkPerSec: number;
}

// The job slots the load needs for its oldest job to wait no longer than targetWaitSec.
export function slotsNeeded(load: WorkLoad, targetWaitSec: number): number {
  return Math.max(
    load.backlogWorkSec / targetWaitSec,
    load.arrivingWorkPerSec / TARGET_UTILISATION,
  );
}

// A number of processes rounded up, forgiving floating-point dust (3.0000000001 is 3).
export function wholeProcesses(x: number): number {
  return Math.max(0, Math.ceil(x - 1e-9));
}

function backlogWords(signals: PoolSignals): string {
  const parts: string[] = [];
  if (signals.ready > 0) parts.push(`${signals.ready} ready`);
  if ((signals.delayedDue ?? 0) > 0) parts.push(`${signals.delayedDue} due`);
  if (signals.reserved > 0) parts.push(`${signals.reserved} running`);
  if ((signals.arrivalsPerSec ?? 0) > 0)
    parts.push(`${perSecond(signals.arrivalsPerSec!)} arriving`);
  return parts.join(', ');
}

// The estimate in slots, or null when no rate has been measured yet.
function estimateSlots(spec: PoolSpec, signals: PoolSignals, perSlotPerSec: number | null) {
  if (perSlotPerSec === null || perSlotPerSec <= 0) return null;
  const jobs = signals.ready + (signals.delayedDue ?? 0) + signals.reserved;
  const load = {
    backlogWorkSec: jobs / perSlotPerSec,
    arrivingWorkPerSec: (signals.arrivalsPerSec ?? 0) / perSlotPerSec,
  };
  return slotsNeeded(load, spec.targetWaitMs / 1000);
}

// The processes the pool needs now, with the reason.
export function computeNeed(
  spec: PoolSpec,
  signals: PoolSignals,
  perSlotPerSec: number | null,
  busySlots: number,
): Need {
  const current = signals.processes;
  const slots = current * spec.concurrency;
  const hasWork =
    signals.ready + signals.reserved + (signals.delayedDue ?? 0) > 0 ||
    (signals.arrivalsPerSec ?? 0) > 0;
  const late = signals.oldestWaitMs !== null && signals.oldestWaitMs > spec.targetWaitMs;
  const estimate = estimateSlots(spec, signals, perSlotPerSec);
  const arrivals = signals.arrivalsPerSec ?? 0;
  // Nothing waiting and under one arrival per target wait: no process need wait for the next
  // job, one started when it comes starts it within the target (a queue with a job a minute
  // and a target of a minute or more keeps no PHP worker of 20 MiB resident for it).
  const sparse =
    signals.ready + signals.reserved + (signals.delayedDue ?? 0) === 0 &&
    arrivals * (spec.targetWaitMs / 1000) < 1;
  let unclamped: number;
  let why: string;
  if (!hasWork) {
    unclamped = 0;
    why = 'no jobs waiting or running';
  } else if (sparse) {
    unclamped = 0;
    why = `no jobs waiting or running; ${perSecond(arrivals)} arriving, under one per ${seconds(spec.targetWaitMs)}`;
  } else if (estimate === null) {
    // Nothing finished yet to size by: keep what runs, at least one process.
    unclamped = Math.max(current, 1);
    why = `${backlogWords(signals)}, no job finished yet to size by`;
  } else {
    unclamped = wholeProcesses(estimate / spec.concurrency);
    const jobTime = seconds(1000 / perSlotPerSec!);
    why = `${backlogWords(signals)} at ${jobTime} a job need ${processes(unclamped)} to start within ${seconds(spec.targetWaitMs)}`;
  }
  if (late) {
    const lateWords = `oldest job waited ${seconds(signals.oldestWaitMs!)} > target ${seconds(spec.targetWaitMs)}`;
    if (unclamped <= current && busySlots >= slots) {
      unclamped = current + 1;
      why = `${lateWords} with every slot busy`;
    } else if (unclamped <= current && slots > 0 && signals.ready >= slots) {
      // Fast jobs are seldom seen reserved: a late backlog of a job per slot is the sign.
      unclamped = current + 1;
      why = `${lateWords} with ${signals.ready} ready for ${slots} slots`;
    } else why = unclamped > current ? `${lateWords}; ${why}` : `${lateWords}, but ${why}`;
  }
  const clamped = Math.min(spec.max, Math.max(spec.min, unclamped));
  if (unclamped > spec.max) why += ` (max ${spec.max})`;
  return { processes: clamped, unclamped, late, why };
}
