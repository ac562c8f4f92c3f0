import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive } from '../supervise/test-support/fixtures.js';
import { fixturesDir, runCrew, startCrew } from './test-support/run-crew.js';
import { createUpHarness, statusJson, worker } from './test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();

test('a run after a SIGKILLed crew stops what the killed run left behind', async () => {
  const { dir, file } = workspace(`pools:
  orphans:
    command: ${worker('spawn-grandchild.js')}
    startsecs: 100ms
    stop_timeout: 300ms
`);
  const killed = startCrew(file, dir);
  daemons.push(killed);
  await killed.waitForLog('orphans_00 entered RUNNING');
  const grandchild = Number(
    /grandchild (\d+)/.exec(
      await (async () => {
        await killed.waitForLog(/grandchild \d+/);
        return killed.log();
      })(),
    )![1],
  );
  const { processes } = await statusJson(file, dir);
  const leader = processes[0]!.pid;
  killed.child.kill('SIGKILL');
  await killed.exited;
  assert.ok(isAlive(leader) && isAlive(grandchild), 'SIGKILL of crew leaves its workers running');

  const next = startCrew(file, dir);
  daemons.push(next);
  await next.waitForLog('cleanup: stopped 2 process(es) left by a previous run');
  assert.equal(isAlive(leader), false);
  assert.equal(isAlive(grandchild), false);
  await next.waitForLog('orphans_00 entered RUNNING');
  next.child.kill('SIGTERM');
  assert.equal(await next.exited, 0);
});

test('crew exits non-zero when a critical pool goes FATAL', async () => {
  const { dir, file } = workspace(`pools:
  payments:
    command: ${JSON.stringify([process.execPath, join(fixturesDir, 'exit-with.js'), '1'])}
    critical: true
    startretries: 1
    backoff: 100ms
  dashboard:
    command: ${worker('forever.js')}
    startsecs: 100ms
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  assert.equal(await daemon.exited, 1);
  assert.match(daemon.log(), /critical: payments_00 of critical pool payments is FATAL/);
});

test('a config mistake exits 2 and names file:line and the field', async () => {
  const { dir, file } = workspace(`pools:
  payments:
    command: php artisan queue:work
    stop_timeout: soon
`);
  const run = await runCrew(['-c', file, 'up'], dir);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    new RegExp(`${file.replaceAll('.', '\\.')}:4:\\d+ +pools\\.payments\\.stop_timeout`),
  );
  assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('talking to no daemon explains what to do and exits 3', async () => {
  const { dir, file } = workspace('pools: {}\n');
  const run = await runCrew(['-c', file, 'status'], dir);
  assert.equal(run.code, 3);
  assert.match(run.stderr, /no crew daemon answers on .*crew\.sock/);
  assert.match(run.stderr, /crew up/);
});

test('a second Ctrl-C kills what the first one is still waiting for', async () => {
  const { dir, file } = workspace(`pools:
  stubborn:
    command: ${worker('ignore-sigterm.js')}
    startsecs: 100ms
    stop_timeout: 60s
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('stubborn_00 | ready');
  const { processes } = await statusJson(file, dir);
  daemon.child.kill('SIGINT');
  await daemon.waitForLog('SIGINT: stopping');
  daemon.child.kill('SIGINT');
  assert.equal(await daemon.exited, 0);
  assert.match(daemon.log(), /second interrupt: killing every process group now/);
  assert.match(daemon.log(), /stopped: stubborn_00 \(killed with SIGKILL/);
  assert.equal(isAlive(processes[0]!.pid), false);
});

test('a SIGTERM while crew is still starting stops it cleanly', async () => {
  const { dir, file } = workspace(`http:
  listen: 127.0.0.1:0
pools:
  early:
    command: ${worker('forever.js')}
    startsecs: 0
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  // Half-way through starting (HTTP bound, the pools not yet started): before, crew had no
  // SIGTERM handler yet and died on the spot (a container stopped right after it started).
  await daemon.waitForLog('http: listening on');
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
  assert.match(daemon.log(), /SIGTERM: stopping/);
  const spawned = /spawned: 'early_00' with pid (\d+)/.exec(daemon.log());
  if (spawned) assert.equal(isAlive(Number(spawned[1])), false);
});
