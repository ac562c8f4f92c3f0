// max_requests from how children grow per request: set where a leak has added a quarter,
// rounded down to a round number; kept, or 500 when unlimited, without such growth.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { roundDownRequests } from './max-requests.js';
import { recommendPm } from './recommend-pm.js';
import { adviceOf } from './test-support/advice.js';
import { currentOf, KiB, leakingChildren, MiB } from './test-support/loads.js';

describe('max_requests', () => {
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
    assert.deepEqual(adviceOf(unlimited, 'pm.max_requests'), {
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
      adviceOf(kept, 'pm.max_requests')?.reason,
      'children grow 1 KiB a request from 40 MiB, under 25% within the 500 written; kept 500',
    );
  });

  test("a child's warm-up is not a leak: its first requests' growth is left out", () => {
    // 4 MiB more over the first 6 requests (opcache, autoloaded classes), then flat.
    const warmUp = [1, 2, 4, 6, 15, 40, 80].flatMap((requests, i) =>
      [201, 202].map((pid) => ({
        pid,
        requests,
        pssBytes: (requests <= 6 ? 4 + requests * 0.7 : 8.2) * MiB,
        atMs: i * 2000,
      })),
    );
    const input = { memory: null, roomBytes: null, load: [] };
    const plan = recommendPm({
      ...input,
      current: currentOf({ maxRequests: 0 }),
      children: warmUp,
    });
    assert.equal(plan.maxRequests, 500);
    // The same readings without the flat part: too few requests past the warm-up to tell.
    const early = warmUp.filter((s) => s.requests <= 15);
    assert.equal(
      recommendPm({ ...input, current: currentOf({ maxRequests: 0 }), children: early })
        .maxRequests,
      500,
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
});
