// How fast one busy job slot finishes jobs, learnt from what the pool did: completions per second
// divided by busy slots, both averaged with the same time constant so their ratio holds through a
// burst. Completions come from a count of finished attempts where the source keeps one (crew's
// own workers; the simulation): its change each tick is exact. Otherwise they are the source's
// rate over its window (a minute for the backlog watchers), taken as given, and the busy slots are
// averaged over half that window, so both have the same mean age. The last good rate is kept
// through quiet spells, when there is too little work to measure it.
import type { PoolSignals } from './spec.js';
import type { RateState } from './state.js';

// Half the backlog watchers' one-minute rate window.
export const RATE_TIME_CONSTANT_MS = 30_000;
// Below this many busy slots on average, the ratio is noise; the last good rate stands.
const MIN_BUSY_SLOTS = 0.5;

// Job slots busy now: from the workers when they say, otherwise the reserved jobs (a command
// worker runs one job at a time), never more than the pool has.
export function busySlotsOf(signals: PoolSignals, slots: number): number {
  if (signals.busyFraction !== null) return signals.busyFraction * slots;
  return Math.min(signals.reserved, slots);
}

// Folds this tick's busy slots (and counted completions) into the averages and measures the rate
// if there was work enough.
export function smoothRates(
  previous: RateState | null,
  signals: PoolSignals,
  slots: number,
  now: number,
): RateState | null {
  const total = signals.finishedTotal ?? null;
  if (signals.completionsPerSec === null && total === null) return previous;
  const busy = busySlotsOf(signals, slots);
  const dt = previous === null ? 0 : Math.max(0, now - previous.at);
  const alpha = previous === null ? 1 : 1 - Math.exp(-dt / RATE_TIME_CONSTANT_MS);
  const busySlots =
    previous === null ? busy : previous.busySlots + alpha * (busy - previous.busySlots);
  const counted = total !== null && previous?.finishedTotal != null && dt > 0;
  const completionsPerSec = counted
    ? previous.completionsPerSec +
      alpha *
        (Math.max(0, total - previous.finishedTotal!) / (dt / 1000) - previous.completionsPerSec)
    : (signals.completionsPerSec ?? 0);
  const measurable = busySlots >= MIN_BUSY_SLOTS && completionsPerSec > 0;
  return {
    at: now,
    completionsPerSec,
    busySlots,
    perSlotPerSec: measurable ? completionsPerSec / busySlots : (previous?.perSlotPerSec ?? null),
    finishedTotal: total,
  };
}
