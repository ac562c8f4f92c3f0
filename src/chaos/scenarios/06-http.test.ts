// The HTTP scenario's short version (about 20 s): see 06-http.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './06-http.js';

test('chaos 06-http (short): probes refused, limits kept, streams let go, no secret shown', {
  timeout: 120_000,
}, async (t) => {
  const result = await scenario.run({ short: true, log: () => {} });
  if (result.skipped) return t.skip(result.skipped);
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
