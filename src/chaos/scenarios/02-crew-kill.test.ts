import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './02-crew-kill.js';

test('chaos (short): crew SIGKILLed mid-load leaves no orphan and loses nothing', async () => {
  const result = await scenario.run({ short: true, log: () => {} });
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
