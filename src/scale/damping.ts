// Keeping a pool from flapping. Up fast: a scale-up may add max(2^streak, current) processes
// (PHP-FPM's doubling spawn ramp, and at least doubling as Kubernetes' HPA does), at most
// MAX_UP_STEP, once the up cooldown since the pool's last change has passed. Down slowly: only to
// the highest need seen over the down window (HPA's stabilization window), one process per step,
// once the down cooldown has passed. And after the container was last over budget, no scale-up
// for the pool's down cooldown (its up cooldown if longer): a drain or a recycle for the budget
// is not followed at once by a scale-up into the memory it freed, for the same backlog.
import type { PoolSpec } from './spec.js';
import type { PoolState } from './state.js';
import { seconds } from './words.js';

export const MAX_UP_STEP = 8;

export interface Damped {
  // Where the pool should go this tick, before the budget.
  readonly want: number;
  // Why want is not the need (a cooldown, the window, the ramp), or null.
  readonly held: string | null;
  readonly recentNeeds: PoolState['recentNeeds'];
}

// How long after the container was last over budget a pool waits to scale up.
export function overBudgetHoldMs(spec: PoolSpec): number {
  return Math.max(spec.settings.upCooldownMs, spec.settings.downCooldownMs);
}

// Adds this tick's need to the window's sliding maximum and drops what fell out of the window.
export function recordNeed(
  recent: PoolState['recentNeeds'],
  need: number,
  now: number,
  windowMs: number,
): PoolState['recentNeeds'] {
  const kept = recent.filter((entry) => entry.at > now - windowMs && entry.need > need);
  return [...kept, { at: now, need }];
}

// Damps a move from `current` toward `need`.
export function dampen(
  spec: PoolSpec,
  state: PoolState,
  current: number,
  need: number,
  now: number,
): Damped {
  const { upCooldownMs, downWindowMs, downCooldownMs } = spec.settings;
  const recentNeeds = recordNeed(state.recentNeeds, need, now, downWindowMs);
  const sinceChange =
    state.lastChangeAt === null ? Number.POSITIVE_INFINITY : now - state.lastChangeAt;
  if (current > spec.max) return { want: spec.max, held: null, recentNeeds };
  if (need > current) {
    if (sinceChange < upCooldownMs) {
      const held = `up cooldown: changed ${seconds(sinceChange)} ago, waits ${seconds(upCooldownMs)}`;
      return { want: current, held, recentNeeds };
    }
    const step = Math.min(MAX_UP_STEP, Math.max(2 ** state.upStreak, current, 1));
    const want = Math.min(need, current + step);
    return { want, held: want < need ? `ramping up by ${step}` : null, recentNeeds };
  }
  if (need < current) {
    const windowMax = recentNeeds[0]!.need;
    if (windowMax >= current) {
      const held = `needed ${windowMax} within the last ${seconds(downWindowMs)}`;
      return { want: current, held, recentNeeds };
    }
    if (sinceChange < downCooldownMs) {
      const held = `down cooldown: changed ${seconds(sinceChange)} ago, waits ${seconds(downCooldownMs)}`;
      return { want: current, held, recentNeeds };
    }
    return { want: current - 1, held: null, recentNeeds };
  }
  return { want: current, held: null, recentNeeds };
}
