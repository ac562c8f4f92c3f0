import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CrewError, errorCatalogue, isCrewError } from './crew-error.js';

const docs = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md lists every error code with its exit code, and no other', () => {
  const rows = [...docs.matchAll(/^\| `(CREW_[A-Z_]+)` *\| *(\d+) *\|/gm)].map(
    (match) => [match[1]!, Number(match[2])] as const,
  );
  const catalogue = Object.entries(errorCatalogue).map(
    ([code, entry]) => [code, entry.exitCode] as const,
  );
  assert.deepEqual(new Map(rows), new Map(catalogue));
});

test('CrewError carries its code, details and exit code', () => {
  const error = new CrewError('CREW_POOL_NOT_FOUND', 'no pool is named "x"', ['pools: a, b']);
  assert.ok(isCrewError(error));
  assert.equal(error.exitCode, 4);
  assert.deepEqual(error.details, ['pools: a, b']);
  assert.equal(isCrewError(new Error('plain')), false);
});
