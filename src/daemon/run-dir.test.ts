// The run directory is its owner's alone, and the config history holds no secret in clear; a
// rollback restores the secrets from the running config.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness } from '../cli/test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();

const mode = (path: string) => statSync(path).mode & 0o777;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? [path, ...walk(path)] : [path];
  });
}

test('the run directory and its files are owner-only, and history keeps no secret', async () => {
  const yaml = (value: string, retries = 3) => `store: postgres://crew:hunter4@127.0.0.1:1/crew
http:
  listen: 127.0.0.1:0
  token: tok-${value}
pools:
  app:
    command: ["/bin/sh", "-c", "echo key=$API_KEY; exec sleep 600"]
    startsecs: 0
    startretries: ${retries}
    env:
      API_KEY: key-${value}
`;
  const { dir, file } = workspace(yaml('one'));
  // Left by an earlier version, open to everyone: closed again at start.
  mkdirSync(join(dir, '.crew/history'), { recursive: true, mode: 0o755 });
  writeFileSync(join(dir, '.crew/history/stale.txt'), 'x', { mode: 0o644 });
  const previousUmask = process.umask(0o022);
  const daemon = startCrew(file, dir);
  process.umask(previousUmask);
  daemons.push(daemon);
  await daemon.waitForLog('app_00 entered RUNNING');
  writeFileSync(file, yaml('two', 4));
  const reloaded = await runCrew(['-c', file, 'reload'], dir);
  assert.equal(reloaded.code, 0, reloaded.stderr);

  const run = join(dir, '.crew');
  assert.equal(mode(run), 0o700);
  for (const path of walk(run)) {
    const expected = statSync(path).isDirectory()
      ? 0o700
      : statSync(path).isSocket()
        ? null
        : 0o600;
    if (expected !== null) assert.equal(mode(path), expected, path);
  }
  const history = walk(join(run, 'history')).filter((path) => path.endsWith('.json'));
  assert.equal(history.length, 2);
  for (const path of history) {
    const text = readFileSync(path, 'utf8');
    for (const secret of ['hunter4', 'tok-one', 'tok-two', 'key-one', 'key-two'])
      assert.equal(text.includes(secret), false, `${secret} in ${path}`);
  }

  // Rolling back to version 1 takes the secrets the running config has (version 2's).
  const rolled = await runCrew(['-c', file, 'rollback', '1'], dir);
  assert.equal(rolled.code, 0, rolled.stderr);
  // Only startretries changed: the env (and the token) are the running ones, not references.
  await daemon.waitForLog('config: applied version 3: app: changed startretries\n');

  // A version whose env variable the running config no longer has cannot be rolled back to.
  writeFileSync(file, yaml('three', 5).replace(/ {4}env:\n.*\n/, ''));
  assert.equal((await runCrew(['-c', file, 'reload'], dir)).code, 0);
  const refused = await runCrew(['-c', file, 'rollback', '1'], dir);
  assert.equal(refused.code, 4);
  assert.match(refused.stderr, /needs secrets the running config does not have/);
  assert.match(refused.stderr, /pools\.app\.env\.API_KEY/);
  assert.doesNotMatch(refused.stderr, /key-|tok-|hunter4/);
});
