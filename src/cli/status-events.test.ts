import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScaleEvents } from './status-events.js';

test('status --events: the scaled pools, then each decision with its reason', () => {
  const at = new Date(2024, 5, 11, 9, 12, 3).toISOString();
  const lines = formatScaleEvents({
    scaling: [
      {
        pool: 'payments',
        min: 2,
        max: 6,
        needed: 3,
        wanted: 3,
        desired: 3,
        shortfall: 0,
        pinned: false,
      },
      {
        pool: 'log-rotation',
        min: 1,
        max: 1,
        needed: 1,
        wanted: 1,
        desired: 1,
        shortfall: 0,
        pinned: false,
      },
      {
        pool: 'dashboard',
        min: 0,
        max: 2,
        needed: 2,
        wanted: 2,
        desired: 1,
        shortfall: 1,
        pinned: true,
      },
    ],
    events: [
      { id: 1, at, type: 'pool:scale', pool: 'payments', from: 2, to: 3, reason: 'x' },
      {
        id: 2,
        at,
        type: 'scale:decision',
        pool: 'payments',
        reason: 'payments 2→3: oldest job waited 7.2 s > target 5 s (312 of 400 MiB used)',
      },
    ],
  });
  assert.deepEqual(lines, [
    'POOL       RANGE  NEEDED  PROCS  SHORTFALL',
    'payments   2..6        3      3          0',
    'dashboard  0..2        2      1          1  pinned',
    'recent decisions:',
    '  09:12:03  payments 2→3: oldest job waited 7.2 s > target 5 s (312 of 400 MiB used)',
  ]);
});

test('status --events: before any decision', () => {
  assert.deepEqual(formatScaleEvents({ scaling: [], events: [] }), ['no scaling decisions yet']);
});
