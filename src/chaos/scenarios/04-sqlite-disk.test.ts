// The short version of chaos scenario 4 (a full disk and damaged files under the SQLite store).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scenario } from './04-sqlite-disk.js';

test('a full disk or a damaged file under the SQLite store: clear errors, nothing lost', async () => {
  const result = await scenario.run({ short: true, log: (line) => console.log(line) });
  for (const { label, value } of result.figures) console.log(`${label}: ${value}`);
  assert.deepEqual(result.failures, []);
});
