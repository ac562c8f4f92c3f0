// The short version of scenario 5 (config fuzz) for `npm test`: ~40 crew.yaml mutants through
// `crew check`, a handful through `crew up`, ~15 supervisord mutants through `crew import`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scenario } from './05-config-fuzz.js';

it('mutated crew.yaml and supervisord files never crash, hang or slip through (short)', async () => {
  const result = await scenario.run({ short: true, log: () => {} });
  for (const figure of result.figures) console.log(`${figure.label}: ${figure.value}`);
  assert.deepEqual(result.failures, []);
});
