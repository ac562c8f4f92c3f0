import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FitRequest, fitBudget } from './budget-fit.js';

const MiB = 1024 * 1024;
const req = (
  pool: string,
  priority: number,
  min: number,
  ask: number,
  costMiB: number | null = 45,
): FitRequest => ({
  pool,
  priority,
  min,
  ask,
  costBytes: costMiB === null ? null : costMiB * MiB,
});

// [name, requests, pool budget in MiB (null: none), allowed by pool]
type Row = [string, FitRequest[], number | null, Record<string, number>];

const rows: Row[] = [
  ['no budget: every ask', [req('a', 10, 1, 4), req('b', 20, 1, 3)], null, { a: 4, b: 3 }],
  ['enough for every ask', [req('a', 10, 1, 2), req('b', 20, 1, 2)], 400, { a: 2, b: 2 }],
  // 200 MiB: mins take 90, 110 left = 2 more processes; the lower number gets them first.
  ['lower priority number first', [req('b', 20, 1, 4), req('a', 10, 1, 4)], 200, { a: 3, b: 1 }],
  // Equal priority shares one process at a time: 4 grants alternate a, b, a, b.
  [
    'equal priority shares round-robin',
    [req('a', 10, 0, 4), req('b', 10, 0, 4)],
    180,
    { a: 2, b: 2 },
  ],
  [
    'mins are kept even when they do not fit',
    [req('a', 10, 2, 4), req('b', 20, 2, 4)],
    100,
    { a: 2, b: 2 },
  ],
  // 70 MiB left after mins: a's 45 MiB process fits once; b's 20 MiB ones take the remaining 25.
  [
    'a process too big leaves the rest to smaller ones',
    [req('a', 10, 0, 3, 45), req('b', 20, 0, 3, 20)],
    70,
    { a: 1, b: 1 },
  ],
  [
    'an unknown cost counts as nothing',
    [req('a', 10, 1, 2, null), req('b', 20, 0, 1)],
    45,
    { a: 2, b: 1 },
  ],
];

for (const [name, requests, budgetMiB, allowed] of rows) {
  test(`fit: ${name}`, () => {
    const fit = fitBudget(requests, budgetMiB === null ? null : budgetMiB * MiB);
    assert.deepEqual(fit.allowed, allowed);
  });
}

test('fit: the budget left after the mins is negative when they do not fit', () => {
  const fit = fitBudget([req('a', 10, 3, 3)], 100 * MiB);
  assert.equal(fit.minsBytes, 135 * MiB);
  assert.equal(fit.leftBytes, -35 * MiB);
});
