import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readiness } from './readiness.js';

test('ready: every critical pool at its floor, every source answering', () => {
  const pools = [
    { name: 'payments', critical: true, floor: 2, running: 2 },
    { name: 'reports', critical: false, floor: 1, running: 0 },
    { name: 'rare', critical: true, floor: 0, running: 0 },
  ];
  assert.deepEqual(readiness(pools, []), { ready: true, problems: [] });
});

test('not ready: a critical pool below its floor, a source down; each named, no URL', () => {
  const result = readiness(
    [
      { name: 'payments', critical: true, floor: 2, running: 1 },
      { name: 'reports', critical: false, floor: 3, running: 0 },
    ],
    [
      { kind: 'crew', pools: ['payments', 'mail'] },
      { kind: 'laravel-redis', pools: [] },
    ],
  );
  assert.deepEqual(result, {
    ready: false,
    problems: [
      'critical pool payments: 1 of 2 RUNNING',
      "crew's job store (pools payments, mail) did not answer its last reading",
      'the Laravel Redis queue did not answer its last reading',
    ],
  });
});
