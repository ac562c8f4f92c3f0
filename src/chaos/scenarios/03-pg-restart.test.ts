import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './03-pg-restart.js';

test('chaos (short): the PostgreSQL store restarted mid-run loses nothing', async (t) => {
  const result = await scenario.run({ short: true, log: () => {} });
  if (result.skipped) return t.skip(result.skipped);
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
