import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DrainCandidate, planDrains } from './over-budget.js';
import { biggestGrown } from './recycle-choice.js';
import { MiB, signals } from './test-support/builders.js';

const pool = (
  name: string,
  priority: number,
  min: number,
  count: number,
  pinned = false,
): DrainCandidate => ({ pool: name, priority, min, count, costBytes: 45 * MiB, pinned });

const pools = [
  pool('payments', 10, 2, 4),
  pool('router-data', 20, 1, 3),
  pool('dashboard', 30, 0, 2),
  pool('default', 30, 0, 1),
];

// [name, candidates, excess in MiB, new counts, uncovered MiB]
type Row = [string, DrainCandidate[], number, Record<string, number>, number];

const rows: Row[] = [
  ['nothing over: nothing drained', pools, 0, {}, 0],
  ['lowest priority first, the pool listed last among equals', pools, 10, { default: 0 }, 0],
  ['as many as the excess needs', pools, 150, { default: 0, dashboard: 0, 'router-data': 2 }, 0],
  [
    'never below a min; what is left is uncovered',
    pools,
    1000,
    { default: 0, dashboard: 0, 'router-data': 1, payments: 2 },
    1000 - 7 * 45,
  ],
  [
    'a pinned pool is left alone',
    [pool('a', 10, 0, 2), pool('b', 20, 0, 2, true)],
    40,
    { a: 1 },
    0,
  ],
];

for (const [name, candidates, excessMiB, counts, uncoveredMiB] of rows) {
  test(`over budget: ${name}`, () => {
    const plan = planDrains(candidates, excessMiB * MiB);
    assert.deepEqual(plan.counts, counts);
    assert.equal(plan.uncoveredBytes, uncoveredMiB * MiB);
  });
}

test('over budget: the biggest grown process is the one to recycle', () => {
  const grown = biggestGrown([
    {
      signals: signals('payments', {
        processPss: [
          { name: 'payments_00', pssBytes: 50 * MiB },
          { name: 'payments_01', pssBytes: 90 * MiB },
        ],
      }),
      usualBytes: 45 * MiB,
    },
    {
      signals: signals('dashboard', {
        processPss: [{ name: 'dashboard_00', pssBytes: 60 * MiB }],
        pssSamplesBytes: [40 * MiB, 41 * MiB, 42 * MiB],
      }),
      usualBytes: null,
    },
  ]);
  assert.deepEqual(grown, {
    pool: 'payments',
    process: 'payments_01',
    pssBytes: 90 * MiB,
    usualBytes: 45 * MiB,
  });
});

test('over budget: a process near its usual size is not worth recycling', () => {
  const near = signals('a', { processPss: [{ name: 'a_00', pssBytes: 50 * MiB }] });
  assert.equal(biggestGrown([{ signals: near, usualBytes: 45 * MiB }]), null);
});
