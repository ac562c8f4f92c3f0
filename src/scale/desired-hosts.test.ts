import assert from 'node:assert/strict';
import { test } from 'node:test';
import { desiredHosts } from './desired-hosts.js';

const MiB = 1024 ** 2;
const shape = {
  pools: [
    { pool: 'payments', min: 1, max: 6, costBytes: 40 * MiB },
    { pool: 'default', min: 0, max: 2, costBytes: 30 * MiB },
  ],
  poolBudgetBytes: 300 * MiB,
};

test('desired hosts: one while the work fits one host', () => {
  const d = desiredHosts([[{ pool: 'payments', wanted: 3 }]], shape);
  assert.equal(d.hosts, 1);
  assert.equal(d.why, 'the pools fit one host');
  assert.equal(d.wantedBytes, 120 * MiB);
});

test('desired hosts: falls back to one when the work is gone, whatever floors the hosts keep', () => {
  // Three hosts idle at their minimums (and a fixed pool at 1 each): no work, one host.
  const idle = [
    { pool: 'payments', wanted: 0 },
    { pool: 'default', wanted: 0 },
  ];
  const d = desiredHosts([idle, idle, idle], {
    ...shape,
    pools: [...shape.pools, { pool: 'scheduler', min: 1, max: 1, costBytes: 20 * MiB }],
  });
  assert.equal(d.hosts, 1);
  assert.deepEqual(d.wanted, { payments: 0, default: 0, scheduler: 0 });
});

test('desired hosts: a pool wanting more than its max a host asks for more hosts', () => {
  // Two hosts, each sizing for half the burst: 5 + 5 payments processes, 6 a host.
  const d = desiredHosts(
    [
      [{ pool: 'payments', wanted: 5 }],
      [
        { pool: 'payments', wanted: 5 },
        { pool: 'default', wanted: 1 },
      ],
    ],
    { ...shape, poolBudgetBytes: 1024 * MiB },
  );
  assert.equal(d.hosts, 2);
  assert.equal(d.why, 'payments wants 10 processes in all, at most 6 a host: 2 hosts');
  assert.deepEqual(d.wanted, { payments: 10, default: 1 });
});

test('desired hosts: memory wanted past one host’s pool budget asks for more hosts', () => {
  // 6 × 40 + 2 × 30 = 300 MiB fits.
  const fits = [
    [
      { pool: 'payments', wanted: 6 },
      { pool: 'default', wanted: 2 },
    ],
  ];
  assert.equal(desiredHosts(fits, shape).hosts, 1);
  // A smaller budget: 5 × 40 + 2 × 30 = 260 MiB, over 250, though no pool is past its max.
  const d = desiredHosts(
    [
      [
        { pool: 'payments', wanted: 3 },
        { pool: 'default', wanted: 2 },
      ],
      [{ pool: 'payments', wanted: 2 }],
    ],
    { ...shape, poolBudgetBytes: 250 * MiB },
  );
  assert.equal(d.hosts, 2);
  assert.equal(d.why, 'the pools want 260 MiB in all, 250 MiB a host: 2 hosts');
});

test('desired hosts: each host’s minimums count against its budget', () => {
  // 11 payments processes of 40 MiB in 200 MiB hosts that each keep 4 (min 4): two hosts hold
  // 8 of the work's 11 but 2 × 200 = 400 MiB < 440 MiB; three hold 12 × 40 = 480 ≤ 600 MiB.
  const d = desiredHosts([[{ pool: 'payments', wanted: 11 }]], {
    pools: [{ pool: 'payments', min: 4, max: 6, costBytes: 40 * MiB }],
    poolBudgetBytes: 200 * MiB,
  });
  assert.equal(d.hosts, 3);
  assert.equal(d.why, 'the pools want 440 MiB in all, 200 MiB a host: 3 hosts');
});

test('desired hosts: other hosts’ pools, unknown costs, no budget, mins over the budget', () => {
  const d = desiredHosts([[{ pool: 'web', wanted: 40 }], [{ pool: 'payments', wanted: 13 }]], {
    pools: [{ pool: 'payments', min: 0, max: 6, costBytes: null }],
    poolBudgetBytes: null,
  });
  // `web` runs on another image: not counted. payments: 13 over 6 a host.
  assert.equal(d.hosts, 3);
  assert.equal(d.wantedBytes, 0);
  assert.deepEqual(d.wanted, { payments: 13 });
  // Minimums that do not fit one host: the budget bound is left out rather than grow forever.
  const unholdable = desiredHosts([[{ pool: 'payments', wanted: 2 }]], {
    pools: [{ pool: 'payments', min: 4, max: 6, costBytes: 100 * MiB }],
    poolBudgetBytes: 300 * MiB,
  });
  assert.equal(unholdable.hosts, 1);
});
