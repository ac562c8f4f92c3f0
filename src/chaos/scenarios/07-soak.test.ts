// The budget soak's short version (about 40 s): see 07-soak.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './07-soak.js';

test('chaos 07-soak (short): the budget holds through a leak and a burst', {
  timeout: 120_000,
}, async () => {
  const result = await scenario.run({ short: true, log: () => {} });
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
