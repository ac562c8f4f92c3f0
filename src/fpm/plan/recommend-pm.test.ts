// The pm settings recommended for loads php-fpm pools see: busy and steady, mostly idle,
// bursty, over budget, leaking, unseen, and restarted between two readings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeFpmLoad } from './load-stats.js';
import { roundDownRequests } from './max-requests.js';
import type { FpmPlan } from './recommend-pm.js';
import { recommendPm } from './recommend-pm.js';
import { fitSpares } from './spares.js';
import {
  burstyLoad,
  currentOf,
  idleLoad,
  KiB,
  leakingChildren,
  loadOf,
  MiB,
  busyLoad as steadyLoad,
} from './test-support/loads.js';
import { fpmWorstCaseBytes } from './worst-case.js';

const keysOf = (plan: FpmPlan) => plan.settings.map((s) => s.key);
const advice = (plan: FpmPlan, key: string) => plan.settings.find((s) => s.key === key);

test('the worst case is the master plus every child of every pool at its p95', () => {
  const model = { masterBytes: 20 * MiB, childBytes: 45 * MiB };
  assert.equal(fpmWorstCaseBytes(10, model), 470 * MiB);
  assert.equal(fpmWorstCaseBytes([10, 5], model), 695 * MiB);
  assert.equal(fpmWorstCaseBytes([], model), 20 * MiB);
});

describe('recommendPm', () => {
  test('busy and steady: static, the peak plus a quarter', () => {
    const memory = { masterBytes: 10 * MiB, childBytes: 40 * MiB };
    const plan = recommendPm({
      current: currentOf(),
      memory,
      roomBytes: null,
      load: steadyLoad,
      children: [],
    });
    assert.deepEqual(
      [plan.pm, plan.maxChildren, plan.maxRequests, plan.worstCaseBytes, plan.note],
      ['static', 10, 500, 410 * MiB, null],
    );
    assert.deepEqual(keysOf(plan), ['pm', 'pm.max_children', 'pm.max_requests']);
    assert.deepEqual(advice(plan, 'pm'), {
      key: 'pm',
      from: 'dynamic',
      to: 'static',
      reason:
        'median 8 busy of 10 children (at least 70%): static keeps them all, so no request waits for a spawn',
    });
    assert.equal(
      advice(plan, 'pm.max_children')?.reason,
      'peak 8 busy + 0 queued seen over 1h; 25% headroom → 10',
    );
    assert.equal(advice(plan, 'pm.max_requests')?.reason, 'no growth measured; kept 500');
  });

  test('mostly idle: ondemand with 2 children, the idle timeout kept', () => {
    const plan = recommendPm({
      current: currentOf({ processIdleTimeoutMs: 30_000 }),
      memory: null,
      roomBytes: null,
      load: idleLoad,
      children: [],
    });
    assert.deepEqual(
      [plan.pm, plan.maxChildren, plan.processIdleTimeoutMs],
      ['ondemand', 2, 30_000],
    );
    assert.deepEqual(keysOf(plan), [
      'pm',
      'pm.max_children',
      'pm.process_idle_timeout',
      'pm.max_requests',
    ]);
    assert.equal(
      advice(plan, 'pm')?.reason,
      'mostly idle (median 0 busy, 0.5 requests/s): ondemand starts children on request and stops idle ones',
    );
    assert.equal(
      advice(plan, 'pm.max_children')?.reason,
      'peak 0 busy + 0 queued seen over 1h; 25% headroom → 0, at least 2 so one slow request cannot block the rest',
    );
    assert.deepEqual(
      [advice(plan, 'pm.process_idle_timeout')?.from, advice(plan, 'pm.process_idle_timeout')?.to],
      ['30s', '30s'],
    );
    assert.equal(plan.worstCaseBytes, null);
  });

  test('no request at all while a child stays busy: ondemand; an idle timeout under 1s: 10s', () => {
    const stuck = loadOf(Array(10).fill({ active: 1 }), 0);
    const plan = recommendPm({
      current: currentOf({ pm: 'static', processIdleTimeoutMs: 0 }),
      memory: null,
      roomBytes: null,
      load: stuck,
      children: [],
    });
    assert.deepEqual(
      [plan.pm, plan.maxChildren, plan.processIdleTimeoutMs],
      ['ondemand', 2, 10_000],
    );
    assert.equal(
      advice(plan, 'pm')?.reason,
      'no requests in 9m: ondemand keeps no child while idle',
    );
    assert.deepEqual(advice(plan, 'pm.process_idle_timeout')?.to, '10s');
  });

  test('bursty: dynamic, spares from the median and p95, the pressure named', () => {
    const plan = recommendPm({
      current: currentOf({ maxChildren: 7 }),
      memory: null,
      roomBytes: null,
      load: burstyLoad,
      children: [],
    });
    const counts = [
      plan.maxChildren,
      plan.startServers,
      plan.minSpareServers,
      plan.maxSpareServers,
    ];
    assert.deepEqual([plan.pm, ...counts], ['dynamic', 10, 3, 1, 6]);
    assert.deepEqual(keysOf(plan), [
      'pm',
      'pm.max_children',
      'pm.start_servers',
      'pm.min_spare_servers',
      'pm.max_spare_servers',
      'pm.max_requests',
    ]);
    assert.equal(
      advice(plan, 'pm.max_children')?.reason,
      'peak 7 busy + 1 queued seen over 19m; 25% headroom → 10; max_children was reached 2 times and the listen queue reached 1: 7 was too small for the load',
    );
    assert.equal(
      advice(plan, 'pm.max_spare_servers')?.reason,
      'p95 6 busy, at least min_spare + 1 → 6',
    );
    assert.deepEqual(
      plan.settings.map((s) => `${s.from}→${s.to}`),
      ['dynamic→dynamic', '7→10', '2→3', '1→1', '3→6', '500→500'],
    );
  });

  test("dynamic's figures keep php-fpm's order for every max_children, 1 included", () => {
    for (let maxChildren = 1; maxChildren <= 12; maxChildren += 1) {
      for (const [start, min, max] of [
        [3, 1, 6],
        [9, 5, 9],
        [1, 1, 2],
        [20, 10, 30],
      ] as const) {
        const got = fitSpares({ start, min, max }, maxChildren);
        const where = `${maxChildren}: ${start}/${min}/${max} → ${JSON.stringify(got)}`;
        assert.ok(got.min > 0 && got.max > 0, where);
        assert.ok(got.min <= got.start && got.start <= got.max, where);
        assert.ok(got.max <= maxChildren, where);
      }
    }
    assert.deepEqual(fitSpares({ start: 3, min: 1, max: 6 }, 1), { start: 1, min: 1, max: 1 });
    assert.deepEqual(fitSpares({ start: 3, min: 1, max: 6 }, 4), { start: 3, min: 1, max: 4 });
  });

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
      advice(plan, 'pm.max_children')?.reason,
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
      advice(plan, 'pm.max_children')?.reason,
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

  test('a leaking child: max_requests where it has grown by a quarter, rounded down', () => {
    const input = { memory: null, roomBytes: null, load: [] };
    // A reused pid (its count falls) and a pid seen twice cannot tell; they are left out.
    const noise = [
      { pid: 104, requests: 500, pssBytes: 90 * MiB, atMs: 0 },
      { pid: 104, requests: 3, pssBytes: 40 * MiB, atMs: 60_000 },
      { pid: 104, requests: 9, pssBytes: 41 * MiB, atMs: 120_000 },
      { pid: 105, requests: 1, pssBytes: 40 * MiB, atMs: 0 },
      { pid: 105, requests: 90, pssBytes: 400 * MiB, atMs: 60_000 },
    ];
    const children = [...leakingChildren, ...noise];
    const unlimited = recommendPm({ ...input, current: currentOf({ maxRequests: 0 }), children });
    assert.equal(unlimited.maxRequests, 100);
    assert.deepEqual(advice(unlimited, 'pm.max_requests'), {
      key: 'pm.max_requests',
      from: '0',
      to: '100',
      reason:
        'children grow 100 KiB a request from 40 MiB (median of 3): +25% after 102 requests, within 10000 requests → 100',
    });
    const written = recommendPm({ ...input, current: currentOf({ maxRequests: 1000 }), children });
    assert.equal(written.maxRequests, 100);
    const slow = leakingChildren.map((s) => ({ ...s, pssBytes: 40 * MiB + s.requests * KiB }));
    const kept = recommendPm({ ...input, current: currentOf(), children: slow });
    assert.equal(kept.maxRequests, 500);
    assert.equal(
      advice(kept, 'pm.max_requests')?.reason,
      'children grow 1 KiB a request from 40 MiB, under 25% within the 500 written; kept 500',
    );
  });

  test('max_requests is rounded down to 50, 100, 200, 500, 1000...', () => {
    const cases = [
      [1, 50],
      [49.9, 50],
      [102.4, 100],
      [199, 100],
      [200, 200],
      [499, 200],
      [501, 500],
      [1999, 1000],
      [4999, 2000],
      [7000, 5000],
    ] as const;
    for (const [n, rounded] of cases) assert.equal(roundDownRequests(n), rounded, String(n));
  });

  test('no readings: every setting kept, unlimited max_requests becomes 500', () => {
    const current = currentOf({ pm: 'static', maxChildren: 5, maxRequests: 0 });
    const plan = recommendPm({ current, memory: null, roomBytes: null, load: [], children: [] });
    assert.deepEqual(
      [plan.pm, plan.maxChildren, plan.maxRequests, plan.note, plan.worstCaseBytes],
      ['static', 5, 500, null, null],
    );
    assert.deepEqual(
      plan.settings.map((s) => [s.key, s.from, s.to, s.reason]),
      [
        ['pm', 'static', 'static', 'no load seen; kept static'],
        ['pm.max_children', '5', '5', 'no load seen; kept 5'],
        [
          'pm.max_requests',
          '0',
          '500',
          'bounds slow leaks (the common Laravel setting); no growth measured',
        ],
      ],
    );
  });

  test('a restart between two readings is skipped, not read as negative requests', () => {
    const load = loadOf(
      [
        { active: 0, reached: 5 },
        { active: 0 },
        { active: 0, accepted: 10, reached: 0 },
        { active: 0, reached: 1 },
        { active: 0 },
      ],
      30,
    );
    const stats = summarizeFpmLoad(load);
    assert.deepEqual(
      [stats?.requestsPerSecond, stats?.requests, stats?.restarts, stats?.maxChildrenReachedRise],
      [0.5, 90, 1, 1],
    );
    const plan = recommendPm({
      current: currentOf(),
      memory: null,
      roomBytes: null,
      load,
      children: [],
    });
    assert.equal(plan.pm, 'ondemand');
    assert.match(advice(plan, 'pm')?.reason ?? '', /0\.5 requests\/s/);
    assert.match(
      advice(plan, 'pm.max_children')?.reason ?? '',
      /max_children was reached 1 time: 10 was too small/,
    );
  });
});
