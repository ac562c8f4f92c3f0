import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dampen, MAX_UP_STEP } from './damping.js';
import { initialPoolState, type PoolState } from './state.js';
import { spec } from './test-support/builders.js';

const now = 1_000_000;
const state = (overrides: Partial<PoolState>): PoolState => ({ ...initialPoolState, ...overrides });

// [name, pool state, current, need, max, expected want, a fragment of `held` (null: none)]
type Row = [string, Partial<PoolState>, number, number, number, number, string | null];

const rows: Row[] = [
  ['steady: stay', {}, 2, 2, 8, 2, null],
  ['first scale-up from 1: one more', {}, 1, 4, 8, 2, 'ramping up by 1'],
  ['at least doubles: 2 → 4 at once', {}, 2, 6, 8, 4, 'ramping up by 2'],
  ['the ramp doubles with the streak', { upStreak: 2 }, 1, 8, 16, 5, 'ramping up by 4'],
  ['the ramp is bounded', { upStreak: 6 }, 1, 30, 40, 1 + MAX_UP_STEP, 'ramping up by 8'],
  ['never past the need', { upStreak: 3 }, 1, 3, 8, 3, null],
  [
    'up cooldown holds',
    { lastChangeAt: now - 2_000 },
    1,
    3,
    8,
    1,
    'up cooldown: changed 2 s ago, waits 5 s',
  ],
  ['up after the cooldown', { lastChangeAt: now - 5_000 }, 1, 2, 8, 2, null],
  [
    'down only after the window',
    { recentNeeds: [{ at: now - 30_000, need: 4 }] },
    4,
    1,
    8,
    4,
    'needed 4 within the last 60 s',
  ],
  [
    'down one step once the window has passed',
    { recentNeeds: [{ at: now - 61_000, need: 4 }] },
    4,
    1,
    8,
    3,
    null,
  ],
  [
    'down cooldown holds',
    { lastChangeAt: now - 10_000 },
    3,
    1,
    8,
    3,
    'down cooldown: changed 10 s ago, waits 15 s',
  ],
  ['down after the cooldown', { lastChangeAt: now - 15_000 }, 3, 1, 8, 2, null],
  ['above max (a reload lowered it): straight to max', {}, 6, 6, 4, 4, null],
];

for (const [name, overrides, current, need, max, want, held] of rows) {
  test(`damping: ${name}`, () => {
    const damped = dampen(spec('q', { max }), state(overrides), current, need, now);
    assert.equal(damped.want, want);
    if (held === null) assert.equal(damped.held, null);
    else assert.ok(damped.held?.includes(held), `"${damped.held}" lacks "${held}"`);
  });
}

test('damping: the window keeps only needs that can still be its maximum', () => {
  const recent = [
    { at: now - 70_000, need: 9 },
    { at: now - 20_000, need: 5 },
    { at: now - 10_000, need: 2 },
  ];
  const damped = dampen(spec('q'), state({ recentNeeds: recent }), 3, 3, now);
  assert.deepEqual(damped.recentNeeds, [
    { at: now - 20_000, need: 5 },
    { at: now, need: 3 },
  ]);
});
