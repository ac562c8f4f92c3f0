import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.js';
import type { PoolSpec } from './spec.js';
import { initialPolicyState, pinPool } from './state.js';
import { MiB, signals, spec } from './test-support/builders.js';
import { busy, measured, memory, now } from './test-support/decide-inputs.js';

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
        budget: {
          scope: 'container',
          usedBytes: 312 * MiB,
          budgetBytes: 400 * MiB,
          otherBytes: 0,
          outsideBytes: null,
        },
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

  test('a pool at 0 of unknown cost starts one process to measure, and no more', () => {
    const result = decide(
      [spec('rare', { min: 0, max: 4, expectMemoryBytes: null })],
      measured(['rare']),
      [signals('rare', { processes: 0, ready: 40, pssSamplesBytes: [] })],
      memory(90),
      now,
    );
    assert.deepEqual(
      result.decisions.map((d) => [d.from, d.to]),
      [[0, 1]],
    );
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
