// The whole plan for a bursty pool (dynamic, every setting with its reason), for a pool never
// seen under load, and across a restart of FPM between two readings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeFpmLoad } from './load-stats.js';
import { recommendPm } from './recommend-pm.js';
import { adviceOf, keysOf } from './test-support/advice.js';
import { burstyLoad, currentOf, loadOf } from './test-support/loads.js';

describe('recommendPm', () => {
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
    assert.deepEqual([plan.pm, ...counts], ['dynamic', 10, 3, 3, 6]);
    assert.deepEqual(keysOf(plan), [
      'pm',
      'pm.max_children',
      'pm.start_servers',
      'pm.min_spare_servers',
      'pm.max_spare_servers',
      'pm.max_requests',
    ]);
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'peak 7 busy + 1 queued seen over 19m; 25% headroom → 10; max_children was reached 2 times and the listen queue reached 1: 7 was too small for the load',
    );
    assert.equal(
      adviceOf(plan, 'pm.max_spare_servers')?.reason,
      'p95 6 busy, at least min_spare + 1 → 6',
    );
    // A burst from 2 to 8 busy: php-fpm forks min_spare − idle a second, so min_spare 3.
    assert.equal(
      adviceOf(plan, 'pm.min_spare_servers')?.reason,
      'php-fpm forks at most min_spare − idle children a second; half the rise from the median 2 to the peak 8 busy (2 s to meet a burst), at least half the median and 1 → 3',
    );
    assert.deepEqual(
      plan.settings.map((s) => `${s.from}→${s.to}`),
      ['dynamic→dynamic', '7→10', '2→3', '1→3', '3→6', '500→500'],
    );
    assert.equal(
      adviceOf(plan, 'pm')?.reason,
      'bursty (median 2, p95 6, peak 8 busy or queued, of 10 children): dynamic keeps a few spare children and adds more as load rises',
    );
  });

  test('max_children reached although no reading came near it: not lowered', () => {
    const input = { memory: null, roomBytes: null, load: burstyLoad, children: [] };
    const plan = recommendPm({ ...input, current: currentOf({ maxChildren: 20 }) });
    assert.equal(plan.maxChildren, 20);
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'peak 7 busy + 1 queued seen over 19m; 25% headroom → 10; kept 20; max_children was reached 2 times and the listen queue reached 1: the load wanted more than 20, so it is not lowered',
    );
  });

  test("FPM's own high-water mark of busy children counts as the peak (a burst between readings)", () => {
    const load = burstyLoad.map((s, i) => ({ ...s, maxActiveProcesses: i < 3 ? 4 : 12 }));
    const plan = recommendPm({
      current: currentOf({ maxChildren: 20 }),
      memory: null,
      roomBytes: null,
      load: load.map((s) => ({ ...s, maxChildrenReached: 0 })),
      children: [],
    });
    assert.equal(plan.maxChildren, 15);
    assert.match(
      adviceOf(plan, 'pm.max_children')?.reason ?? '',
      /^peak 7 busy \+ 1 queued seen over 19m, 12 busy at once by FPM's own count; 25% headroom → 15/,
    );
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
    assert.match(adviceOf(plan, 'pm')?.reason ?? '', /0\.5 requests\/s/);
    assert.match(
      adviceOf(plan, 'pm.max_children')?.reason ?? '',
      /max_children was reached 1 time: the load wanted more than 10, so it is not lowered/,
    );
  });
});
