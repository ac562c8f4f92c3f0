// One pool's view of a tick before pools compete for memory: its smoothed rate, its need, the
// cost of one of its processes and where damping lets it go.
import { type ProcessCost, processCost } from './cost.js';
import { type Damped, dampen } from './damping.js';
import { laneNeeds } from './lanes.js';
import { computeNeed, type Need } from './need.js';
import { busySlotsOf, smoothRates } from './rates.js';
import { IDLE_BACKLOG, type PoolSignals, type PoolSpec } from './spec.js';
import type { PoolState, RateState } from './state.js';

export interface Assessment {
  readonly spec: PoolSpec;
  readonly signals: PoolSignals;
  readonly previous: PoolState;
  readonly current: number;
  readonly rate: RateState | null;
  readonly laneRates: Readonly<Record<string, RateState>> | undefined;
  readonly need: Need;
  readonly cost: ProcessCost;
  readonly damped: Damped;
  readonly pinned: number | null;
  // Since the pool last changed (infinite if never).
  readonly sinceChangeMs: number;
}

// Signals for a pool nobody reported on: no jobs, its min running, nothing measured.
export function idleSignals(spec: PoolSpec): PoolSignals {
  return {
    pool: spec.name,
    processes: spec.min,
    ...IDLE_BACKLOG,
    busyFraction: null,
    pssSamplesBytes: [],
    processPss: [],
  };
}

// Assesses one pool for this tick.
export function assess(
  spec: PoolSpec,
  previous: PoolState,
  signals: PoolSignals,
  now: number,
): Assessment {
  const current = signals.processes;
  const slots = current * spec.concurrency;
  const rate = smoothRates(previous.rate, signals, slots, now);
  const lanes = spec.lanes
    ? laneNeeds(spec, spec.lanes, signals, previous.laneRates ?? {}, now)
    : null;
  const need =
    lanes?.need ??
    computeNeed(spec, signals, rate?.perSlotPerSec ?? null, busySlotsOf(signals, slots));
  const damped = dampen(spec, previous, current, need.processes, now);
  const cost = processCost(spec, signals);
  const sinceChangeMs =
    previous.lastChangeAt === null ? Number.POSITIVE_INFINITY : now - previous.lastChangeAt;
  return {
    spec,
    signals,
    previous,
    current,
    rate,
    laneRates: lanes?.rates,
    need,
    cost,
    damped,
    pinned: previous.pinned,
    sinceChangeMs,
  };
}
