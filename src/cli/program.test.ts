import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { runCrew } from './test-support/run-crew.js';

test('crew --version and -V print the package version, with no config or daemon around', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const flag of ['--version', '-V']) {
    const run = await runCrew([flag], tmpdir());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${pkg.version}\n`);
    assert.equal(run.stderr, '');
  }
});
