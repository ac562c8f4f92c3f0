import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './01-kills.js';

test('chaos (short): workers SIGKILLed mid-run lose nothing and spend no try', async () => {
  const result = await scenario.run({ short: true, log: () => {} });
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
