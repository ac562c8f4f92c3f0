import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planClaims } from './slots.js';

test('free slots go to queues in priority order, within each queue limit', () => {
  const rules = {
    queues: ['payments', 'provisioning', 'default'],
    concurrency: 9,
    perQueue: { payments: 4, provisioning: 3, default: 2 },
  };
  assert.deepEqual(planClaims(rules, new Map()), {
    claims: [
      { queue: 'payments', limit: 4 },
      { queue: 'provisioning', limit: 3 },
      { queue: 'default', limit: 2 },
    ],
    total: 9,
  });
  assert.deepEqual(
    planClaims(
      rules,
      new Map([
        ['payments', 4],
        ['default', 1],
      ]),
    ),
    {
      claims: [
        { queue: 'provisioning', limit: 3 },
        { queue: 'default', limit: 1 },
      ],
      total: 4,
    },
  );
});

test('without per-queue limits every queue may take all free slots, the total caps them', () => {
  const rules = { queues: ['a', 'b'], concurrency: 8, perQueue: null };
  assert.deepEqual(planClaims(rules, new Map([['a', 5]])), {
    claims: [
      { queue: 'a', limit: 3 },
      { queue: 'b', limit: 3 },
    ],
    total: 3,
  });
  assert.deepEqual(planClaims(rules, new Map([['a', 8]])), { claims: [], total: 0 });
});
