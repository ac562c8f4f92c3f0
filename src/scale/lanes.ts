// Sizing a pool queue by queue, for handler pools with a per-queue concurrency: each queue is a
// lane with its own limit per process, its own backlog and its own learnt job rate (a 0.3 s
// router check and a 3 s data pull would average to a rate that fits neither). The pool needs
// what its neediest lane needs.
import { computeNeed, type Need } from './need.js';
import { smoothRates } from './rates.js';
import { IDLE_BACKLOG, type PoolSignals, type PoolSpec } from './spec.js';
import type { RateState } from './state.js';

export interface LaneNeeds {
  readonly need: Need;
  readonly rates: Readonly<Record<string, RateState>>;
}

// The need of the pool's neediest lane (the first among equals), its reason naming the queue.
export function laneNeeds(
  spec: PoolSpec,
  lanes: NonNullable<PoolSpec['lanes']>,
  signals: PoolSignals,
  previous: Readonly<Record<string, RateState>>,
  now: number,
): LaneNeeds {
  const byQueue = new Map((signals.lanes ?? []).map((lane) => [lane.queue, lane] as const));
  const rates: Record<string, RateState> = {};
  let neediest: Need | null = null;
  let late = false;
  for (const lane of lanes) {
    const laneSignals: PoolSignals = {
      ...signals,
      ...(byQueue.get(lane.queue) ?? { queue: lane.queue, ...IDLE_BACKLOG }),
      busyFraction: null,
    };
    const laneSpec: PoolSpec = { ...spec, concurrency: lane.concurrency };
    const slots = signals.processes * lane.concurrency;
    const rate = smoothRates(previous[lane.queue] ?? null, laneSignals, slots, now);
    if (rate !== null) rates[lane.queue] = rate;
    const busy = Math.min(laneSignals.reserved, slots);
    const need = computeNeed(laneSpec, laneSignals, rate?.perSlotPerSec ?? null, busy);
    late ||= need.late;
    if (neediest === null || need.processes > neediest.processes) {
      neediest = { ...need, why: `${lane.queue}: ${need.why}` };
    }
  }
  const need = neediest ?? computeNeed(spec, signals, null, 0);
  return { need: { ...need, late }, rates };
}
