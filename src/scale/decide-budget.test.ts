import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.js';
import { initialPolicyState } from './state.js';
import { MiB, signals, spec } from './test-support/builders.js';
import { busy, measured, memory, now } from './test-support/decide-inputs.js';

describe('decide', () => {
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
});
