// Which pm a load gets: static when busy and steady, ondemand when mostly idle (or no request
// comes at all), with the figures each reason cites.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { recommendPm } from './recommend-pm.js';
import { adviceOf, keysOf } from './test-support/advice.js';
import { currentOf, idleLoad, loadOf, MiB, busyLoad as steadyLoad } from './test-support/loads.js';

describe('the pm a load gets', () => {
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
    assert.deepEqual(adviceOf(plan, 'pm'), {
      key: 'pm',
      from: 'dynamic',
      to: 'static',
      reason:
        'median 8 busy of 10 children (at least 70%): static keeps them all, so no request waits for a spawn',
    });
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'peak 8 busy + 0 queued seen over 1h; 25% headroom → 10',
    );
    assert.equal(adviceOf(plan, 'pm.max_requests')?.reason, 'no growth measured; kept 500');
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
      adviceOf(plan, 'pm')?.reason,
      'mostly idle (median 0 busy, 0.5 requests/s): ondemand starts children on request and stops idle ones',
    );
    assert.equal(
      adviceOf(plan, 'pm.max_children')?.reason,
      'peak 0 busy + 0 queued seen over 1h; 25% headroom → 0, at least 2 so one slow request cannot block the rest',
    );
    assert.deepEqual(
      [
        adviceOf(plan, 'pm.process_idle_timeout')?.from,
        adviceOf(plan, 'pm.process_idle_timeout')?.to,
      ],
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
      adviceOf(plan, 'pm')?.reason,
      'no requests in 9m: ondemand keeps no child while idle',
    );
    assert.deepEqual(adviceOf(plan, 'pm.process_idle_timeout')?.to, '10s');
  });
});
