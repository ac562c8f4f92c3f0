// max_children under a budget: the need capped by what fits beside the master, with a note
// when the load needs more, and the worst case the budget must hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recommendPm } from './recommend-pm.js';
import { adviceOf } from './test-support/advice.js';
import { currentOf, loadOf, MiB, busyLoad as steadyLoad } from './test-support/loads.js';
import { fpmWorstCaseBytes } from './worst-case.js';

test('the worst case is the master plus every child of every pool at its p95', () => {
  const model = { masterBytes: 20 * MiB, childBytes: 45 * MiB };
  assert.equal(fpmWorstCaseBytes(10, model), 470 * MiB);
  assert.equal(fpmWorstCaseBytes([10, 5], model), 695 * MiB);
  assert.equal(fpmWorstCaseBytes([], model), 20 * MiB);
});

describe('max_children under a budget', () => {
  test('the budget caps max_children below the need, and the note gives both', () => {
    const load = loadOf(
      Array.from({ length: 61 }, (_, i) => (i === 30 ? { active: 7, queued: 2 } : { active: 3 })),
      600,
    );
    const memory = { masterBytes: 6 * MiB, childBytes: Math.round(44.8 * MiB) };
    const plan = recommendPm({
      current: currentOf({ maxChildren: 7 }),
      memory,
      roomBytes: 410 * MiB,
      load,
      children: [],
    });
    assert.deepEqual([plan.pm, plan.maxChildren], ['dynamic', 9]);
    assert.equal(plan.worstCaseBytes, 6 * MiB + 9 * Math.round(44.8 * MiB));
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'peak 7 busy + 2 queued seen over 1h; 25% headroom → 12; the listen queue reached 2: 7 was too small for the load; the budget fits 9 (room 410 MiB less 6 MiB for the master, 44.8 MiB a child)',
    );
    assert.equal(
      plan.note,
      "the budget fits 9 children (room 410 MiB less 6 MiB for the master, 44.8 MiB a child), but the load needs 12 (peak 9 busy + queued, plus 25%): requests will queue; raise the budget or lower the other pools' floors",
    );
  });

  test("the seed's case: 10 children of 45 MiB do not fit a 300 MiB budget beside the queues", () => {
    // 300 MiB for the container, 120 MiB held by the queue workers' floors.
    const memory = { masterBytes: 8 * MiB, childBytes: 45 * MiB };
    const roomBytes = 300 * MiB - 120 * MiB;
    const plan = recommendPm({
      current: currentOf({ maxChildren: 10 }),
      memory,
      roomBytes,
      load: [],
      children: [],
    });
    assert.deepEqual(
      [plan.pm, plan.maxChildren, plan.startServers, plan.minSpareServers, plan.maxSpareServers],
      ['dynamic', 3, 2, 1, 3],
    );
    assert.equal(plan.worstCaseBytes, 143 * MiB);
    assert.ok((plan.worstCaseBytes ?? Infinity) <= roomBytes);
    assert.equal(fpmWorstCaseBytes(10, memory), 458 * MiB);
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'no load seen; kept 10; the budget fits 3 (room 180 MiB less 8 MiB for the master, 45 MiB a child)',
    );
    assert.equal(
      plan.note,
      'the budget fits 3 children (room 180 MiB less 8 MiB for the master, 45 MiB a child), fewer than the 10 written; no load was seen to say how many the pool needs',
    );
  });

  test('a budget that holds not even one child keeps 1 and says so', () => {
    const plan = recommendPm({
      current: currentOf(),
      memory: { masterBytes: 8 * MiB, childBytes: 45 * MiB },
      roomBytes: 40 * MiB,
      load: steadyLoad,
      children: [],
    });
    assert.deepEqual([plan.pm, plan.maxChildren], ['static', 1]);
    assert.match(
      plan.note ?? '',
      /^the budget does not hold even one child .*; keeping 1 goes over it, but the load needs 10 /,
    );
  });
});
