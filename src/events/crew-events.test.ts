import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { crewEventNames } from './crew-events.js';

const docs = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');

test('docs/events.md describes every event on the map once, and no other', () => {
  const documented = [...docs.matchAll(/^\| `([a-z]+:[a-z-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...crewEventNames].sort());
  assert.equal(new Set(documented).size, documented.length);
});
