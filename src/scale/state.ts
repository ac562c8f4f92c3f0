// The policy's memory between ticks, as plain data passed in and returned (never hidden in a
// closure), so a tick can be replayed, tested and shown: when each pool last changed, its recent
// needs for the scale-down window, its ramp, its smoothed job rate, a pin by `crew scale`, when
// the budget last had one of its processes recycled, and when the container was last over budget.

// What sizes a pool: the completion rate and the busy job slots averaged over about the same
// window, whose ratio is the jobs one busy slot finishes per second.
export interface RateState {
  readonly at: number;
  readonly completionsPerSec: number;
  // The last finished-attempts count seen, when the source counts them.
  readonly finishedTotal?: number | null;
  // Smoothed.
  readonly busySlots: number;
  // Jobs one busy slot finishes per second: the last ratio measured with enough work; null
  // until then.
  readonly perSlotPerSec: number | null;
}

export interface PoolState {
  // When the policy (or a pin) last changed the pool's count; null: never.
  readonly lastChangeAt: number | null;
  // Consecutive scale-ups: the next one may add 2^upStreak processes (PHP-FPM's spawn ramp).
  readonly upStreak: number;
  // Needs over the scale-down window, as a sliding maximum: each entry's need is larger than
  // every later entry's, so the first is the window's maximum.
  readonly recentNeeds: readonly { readonly at: number; readonly need: number }[];
  readonly rate: RateState | null;
  // Per queue, for pools sized per queue (PoolSpec.lanes).
  readonly laneRates?: Readonly<Record<string, RateState>>;
  // `crew scale POOL=N` set the count; the policy holds it there until `crew scale POOL=auto`.
  readonly pinned: number | null;
  // When the budget last had one of the pool's processes recycled (its recycle cooldown).
  readonly recycledAt?: number | null;
}

// Memory a drain will free once its processes have exited, counted until `until`.
export interface Freeing {
  readonly bytes: number;
  readonly until: number;
}

export interface PolicyState {
  readonly pools: Readonly<Record<string, PoolState>>;
  readonly freeing: readonly Freeing[];
  // The last tick the container was over budget: scale-ups wait a while after it (damping.ts).
  readonly overBudgetAt?: number | null;
}

export const initialPoolState: PoolState = {
  lastChangeAt: null,
  upStreak: 0,
  recentNeeds: [],
  rate: null,
  pinned: null,
};

export const initialPolicyState: PolicyState = { pools: {}, freeing: [] };

// The pool's state, or the initial one for a pool the policy has not seen.
export function poolStateOf(state: PolicyState, pool: string): PoolState {
  return Object.hasOwn(state.pools, pool) ? state.pools[pool]! : initialPoolState;
}

// Pins a pool at `count` (`crew scale POOL=N`), or unpins it with null (`crew scale POOL=auto`).
// Both count as a change, so the pool's cooldowns start from them; the policy keeps recording
// needs while a pool is pinned, so an unpinned pool scales down only after a quiet window.
export function pinPool(
  state: PolicyState,
  pool: string,
  count: number | null,
  now: number,
): PolicyState {
  const next: PoolState = {
    ...poolStateOf(state, pool),
    pinned: count,
    lastChangeAt: now,
    upStreak: 0,
  };
  return { ...state, pools: { ...state.pools, [pool]: next } };
}
