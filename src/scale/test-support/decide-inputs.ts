// Inputs for decide()'s tests: a fixed now, memory signals in MiB, a state with measured rates,
// and the signals of a busy pool.
import type { MemorySignals, PoolSignals } from '../spec.js';
import type { PolicyState } from '../state.js';
import { MiB, signals } from './builders.js';

export const now = 1_000_000;
export const memory = (
  usedMiB: number,
  budgetMiB: number | null = 400,
  otherMiB = 0,
): MemorySignals => ({
  budgetBytes: budgetMiB === null ? null : budgetMiB * MiB,
  usedBytes: usedMiB * MiB,
  crewBytes: 0,
  otherBytes: otherMiB * MiB,
});
// A state in which every named pool has measured one busy slot finishing `perSec` jobs a second
// and needed `recentNeed` processes a second ago (so damping does not scale it down).
export const measured = (pools: readonly string[], perSec = 1, recentNeed = 0): PolicyState => ({
  freeing: [],
  pools: Object.fromEntries(
    pools.map((pool) => [
      pool,
      {
        lastChangeAt: null,
        upStreak: 0,
        recentNeeds: recentNeed > 0 ? [{ at: now - 1000, need: recentNeed }] : [],
        pinned: null,
        rate: { at: now - 1000, completionsPerSec: perSec, busySlots: 1, perSlotPerSec: perSec },
      },
    ]),
  ),
});
export const busy = (pool: string, overrides: Partial<PoolSignals>) =>
  signals(pool, { completionsPerSec: 1, reserved: 1, ...overrides });
