import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.js';
import type { MemorySignals, PoolSignals, PoolSpec } from './spec.js';
import { initialPolicyState, type PolicyState, pinPool } from './state.js';
import { MiB, signals, spec } from './test-support/builders.js';

const now = 1_000_000;
const memory = (usedMiB: number, budgetMiB: number | null = 400, otherMiB = 0): MemorySignals => ({
  budgetBytes: budgetMiB === null ? null : budgetMiB * MiB,
  usedBytes: usedMiB * MiB,
  crewBytes: 0,
  otherBytes: otherMiB * MiB,
});
// A state in which every named pool has measured one busy slot finishing `perSec` jobs a second
// and needed `recentNeed` processes a second ago (so damping does not scale it down).
const measured = (pools: readonly string[], perSec = 1, recentNeed = 0): PolicyState => ({
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
const busy = (pool: string, overrides: Partial<PoolSignals>) =>
  signals(pool, { completionsPerSec: 1, reserved: 1, ...overrides });

describe('decide', () => {
  test('says why, with the memory in use', () => {
    const result = decide(
      [spec('payments')],
      measured(['payments'], 2),
      [busy('payments', { ready: 1, oldestWaitMs: 7_200, completionsPerSec: 2 })],
      memory(312),
      now,
    );
    assert.deepEqual(result.decisions, [
      {
        pool: 'payments',
        from: 1,
        to: 2,
        reason:
          'payments 1→2: oldest job waited 7.2 s > target 5 s with every slot busy (312 of 400 MiB used)',
        at: now,
      },
    ]);
  });

  test('idle pools stay at their min', () => {
    const result = decide(
      [spec('a', { min: 2 }), spec('b', { min: 0 })],
      initialPolicyState,
      [signals('a', { processes: 2 }), signals('b', { processes: 0 })],
      memory(90),
      now,
    );
    assert.deepEqual(result.decisions, []);
    assert.deepEqual(
      result.pools.map((p) => [p.pool, p.needed, p.desired, p.shortfall]),
      [
        ['a', 2, 2, 0],
        ['b', 0, 0, 0],
      ],
    );
  });

  test('a pool below its min is raised to it, whatever the budget', () => {
    const result = decide(
      [spec('a', { min: 2 })],
      initialPolicyState,
      [signals('a', { processes: 0 })],
      memory(500),
      now,
    );
    assert.equal(result.decisions[0]?.to, 2);
  });

  test('budget left after the mins goes to the lower priority number; the other records a shortfall', () => {
    // 2 × 45 MiB of mins + 210 MiB in use by other: 100 MiB left, two more processes.
    const specs = [spec('dashboard', { priority: 30 }), spec('payments', { priority: 10 })];
    const result = decide(
      specs,
      measured(['dashboard', 'payments']),
      [busy('dashboard', { ready: 20 }), busy('payments', { ready: 20 })],
      memory(300, 400, 210),
      now,
    );
    assert.deepEqual(
      result.decisions.map((d) => [d.pool, d.to]),
      [['payments', 2]],
    );
    const dashboard = result.pools.find((p) => p.pool === 'dashboard')!;
    assert.deepEqual([dashboard.needed, dashboard.desired, dashboard.shortfall], [4, 1, 3]);
    assert.match(dashboard.why, /the budget allows 1 \(shortfall 3\)/);
  });

  test('scale-ups only into free memory: a lower-priority pool gives way first', () => {
    const specs = [spec('payments', { priority: 10 }), spec('dashboard', { priority: 30, min: 0 })];
    const state = measured(['payments', 'dashboard']);
    const result = decide(
      specs,
      state,
      [
        busy('payments', { ready: 20, oldestWaitMs: 6_000 }),
        signals('dashboard', { processes: 3 }),
      ],
      // 4 processes × 45 MiB = 180 MiB; the budget of 200 MiB has room for none more.
      memory(180, 200),
      now,
    );
    const byPool = Object.fromEntries(result.decisions.map((d) => [d.pool, d]));
    assert.equal(byPool.dashboard?.to, 0);
    assert.match(byPool.dashboard!.reason, /memory goes to higher-priority payments/);
    assert.equal(byPool.payments, undefined);
    assert.match(result.pools[0]!.why, /waiting for 45 MiB to be freed/);
  });

  test('over budget: no scale-up, the lowest-priority pool above its min drains', () => {
    const specs = [
      spec('payments', { priority: 10, min: 2 }),
      spec('router-data', { priority: 20 }),
      spec('dashboard', { priority: 30 }),
    ];
    const result = decide(
      specs,
      measured(['payments', 'router-data', 'dashboard'], 1, 2),
      [
        busy('payments', { processes: 2, ready: 20 }),
        signals('router-data', { processes: 2 }),
        signals('dashboard', { processes: 2 }),
      ],
      memory(420),
      now,
    );
    assert.deepEqual(
      result.decisions.map((d) => [d.pool, d.from, d.to]),
      [['dashboard', 2, 1]],
    );
    assert.match(result.decisions[0]!.reason, /over budget: draining the newest process/);
    assert.equal(result.budget.status, 'over');
    assert.match(result.pools[0]!.why, /over budget: no scale-up/);
  });

  test('over budget: memory on its way out is not drained for twice', () => {
    const specs = [spec('a', { priority: 10 }), spec('b', { priority: 20 })];
    const inputs = [signals('a', { processes: 2 }), signals('b', { processes: 2 })];
    const first = decide(specs, measured(['a', 'b'], 1, 2), inputs, memory(420), now);
    assert.deepEqual(
      first.decisions.map((d) => d.pool),
      ['b'],
    );
    const stillStopping = [signals('a', { processes: 2 }), signals('b', { processes: 1 })];
    const second = decide(specs, first.state, stillStopping, memory(420), now + 1000);
    assert.deepEqual(second.decisions, []);
    const afterTimeout = decide(specs, second.state, stillStopping, memory(420), now + 11_000);
    assert.deepEqual(
      afterTimeout.decisions.map((d) => [d.pool, d.to]),
      [['a', 1]],
    );
  });

  test('never below a min: unholdable, or a grown process to recycle', () => {
    const specs = [spec('payments', { min: 2 })];
    const atMin = [signals('payments', { processes: 2 })];
    const held = decide(specs, measured(['payments']), atMin, memory(450), now);
    assert.deepEqual(held.decisions, []);
    assert.equal(held.budget.status, 'unholdable');
    const grown = [
      signals('payments', {
        processes: 2,
        processPss: [
          { name: 'payments_00', pssBytes: 45 * MiB },
          { name: 'payments_01', pssBytes: 380 * MiB },
        ],
      }),
    ];
    const recycle = decide(specs, measured(['payments']), grown, memory(450), now);
    assert.deepEqual(
      recycle.recycles.map((r) => r.process),
      ['payments_01'],
    );
    assert.equal(recycle.budget.status, 'over');
  });

  test('mins that do not fit the budget make it unholdable', () => {
    const result = decide(
      [spec('a', { min: 10 })],
      initialPolicyState,
      [signals('a', { processes: 10 })],
      memory(300),
      now,
    );
    assert.equal(result.budget.status, 'unholdable');
    assert.match(result.budget.why, /mins need 450 MiB, but 400 MiB is left/);
  });

  test('a pinned pool stays where crew scale put it', () => {
    const state = pinPool(measured(['a']), 'a', 3, now - 60_000);
    const result = decide(
      [spec('a')],
      state,
      [busy('a', { processes: 3, ready: 0 })],
      memory(135),
      now,
    );
    assert.deepEqual(result.decisions, []);
    assert.equal(result.pools[0]!.pinned, true);
    assert.equal(result.pools[0]!.why, 'pinned at 3 by crew scale');
  });

  test('a burst and its end: up fast, down one step at a time after the window', () => {
    const specs: PoolSpec[] = [spec('q', { max: 8 })];
    let state = measured(['q']);
    let processes = 1;
    const counts: [number, number][] = [];
    for (let t = 0; t <= 150; t += 1) {
      const burst = t < 20;
      const result = decide(
        specs,
        state,
        [busy('q', { processes, ready: burst ? 60 : 0, reserved: burst ? processes : 0 })],
        memory(processes * 45),
        now + t * 1000,
      );
      state = result.state;
      for (const d of result.decisions) {
        processes = d.to;
        counts.push([t, d.to]);
      }
    }
    // Doubling from 1 (1→2, 2→4, 4→8) at the 5 s up cooldown; 60 s after the burst's last tick
    // (t = 19), one step down each 15 s down cooldown.
    assert.deepEqual(counts, [
      [0, 2],
      [5, 4],
      [10, 8],
      [79, 7],
      [94, 6],
      [109, 5],
      [124, 4],
      [139, 3],
    ]);
  });

  test('the same inputs give the same outputs, and the state is plain data', () => {
    const args = [
      [spec('a'), spec('b', { priority: 20 })],
      measured(['a', 'b']),
      [busy('a', { ready: 9 }), busy('b', { ready: 30, oldestWaitMs: 8_000 })],
      memory(200, 300),
      now,
    ] as const;
    const one = decide(...args);
    assert.deepEqual(decide(...args), one);
    assert.deepEqual(JSON.parse(JSON.stringify(one.state)), one.state);
  });
});
