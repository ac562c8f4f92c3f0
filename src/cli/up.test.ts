import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAlive } from '../supervise/test-support/fixtures.js';
import { fixturesDir, runCrew, startCrew } from './test-support/run-crew.js';
import { createUpHarness, statusJson, worker } from './test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();

test('up runs the pools, status answers like supervisorctl, a killed worker is repaired, SIGTERM stops all', async () => {
  const { dir, file } = workspace(`pools:
  payments:
    command: ${worker('forever.js')}
    processes: 2
    startsecs: 200ms
    process_name: "laravel-queue-payments_{num:02}"
  dashboard:
    command: ${worker('forever.js')}
    startsecs: 200ms
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog(
    /laravel-queue-payments_01 entered RUNNING[\s\S]*dashboard_00 entered RUNNING|dashboard_00 entered RUNNING[\s\S]*laravel-queue-payments_01 entered RUNNING/,
  );
  await daemon.waitForLog('laravel-queue-payments_00 entered RUNNING');

  const status = await runCrew(['-c', file, 'status'], dir);
  assert.equal(status.code, 0, status.stderr);
  const lines = status.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(
    lines[0]!,
    /^payments:laravel-queue-payments_00 {3,}RUNNING {3}pid \d+, uptime 0:00:0\d +PSS \d+(\.\d)? MiB$/,
  );

  const before = await statusJson(file, dir);
  const victim = before.processes[0]!;
  process.kill(victim.pid, 'SIGKILL');
  await daemon.waitForLog(new RegExp(`exited: ${victim.name} \\(SIGKILL`));
  await daemon.waitForLog(
    /spawned: 'laravel-queue-payments_00' with pid \d+[\s\S]*spawned: 'laravel-queue-payments_00'/,
  );
  const repaired = await statusJson(file, dir);
  assert.notEqual(repaired.processes[0]!.pid, victim.pid);
  assert.equal(repaired.processes[1]!.pid, before.processes[1]!.pid, 'the sibling was not touched');

  const scaled = await runCrew(['-c', file, 'scale', 'dashboard=2'], dir);
  assert.equal(scaled.stdout.trim(), 'dashboard: 1→2');

  const pids = (await statusJson(file, dir)).processes.map((proc) => proc.pid);
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
  assert.match(daemon.log(), /shutdown: everything stopped/);
  assert.ok(
    pids.every((pid) => !pid || !isAlive(pid)),
    'no worker outlives crew',
  );
  assert.equal((await runCrew(['-c', file, 'status'], dir)).code, 3);
});

test('reload applies only the difference; history and rollback restore the earlier config', async () => {
  const yaml = (count: number, env: string) => `pools:
  steady:
    command: ${worker('forever.js')}
    startsecs: 100ms
  edited:
    command: ${worker('forever.js')}
    startsecs: 100ms
    processes: ${count}
    env: { MODE: ${env} }
`;
  const { dir, file } = workspace(yaml(1, 'a'));
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog(
    /steady_00 entered RUNNING[\s\S]*edited_00 entered RUNNING|edited_00 entered RUNNING[\s\S]*steady_00 entered RUNNING/,
  );
  const first = await statusJson(file, dir);

  writeFileSync(file, yaml(1, 'b'));
  daemon.child.kill('SIGHUP');
  await daemon.waitForLog('applied version 2');
  await daemon.waitForLog(/spawned: 'edited_00'[\s\S]*spawned: 'edited_00'/);
  const second = await statusJson(file, dir);
  assert.equal(second.processes[0]!.pid, first.processes[0]!.pid, 'steady was not restarted');
  assert.notEqual(second.processes[1]!.pid, first.processes[1]!.pid, 'edited was restarted');

  const history = await runCrew(['-c', file, 'history', '--json'], dir);
  const versions = (
    JSON.parse(history.stdout) as { versions: { version: number; changes: string[] }[] }
  ).versions;
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2],
  );
  assert.deepEqual(versions[1]!.changes, ['edited: changed env']);

  const rollback = await runCrew(['-c', file, 'rollback', '1'], dir);
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.match(rollback.stdout, /applied config version 3\n {2}edited: changed env/);
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
});

test('the daemon recycles a leaking worker from its own memory samples, replacement first', async () => {
  const { dir, file } = workspace(`sample_interval: 200ms
pools:
  leaky:
    command: ${JSON.stringify([process.execPath, join(fixturesDir, 'leak.js'), '4'])}
    startsecs: 100ms
    stop_timeout: 1s
    recycle:
      max_memory: 60MiB
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog(
    /recycled: leaky_00 \(PSS \d+(\.\d)? MiB > max_memory 60 MiB; ran/,
    30_000,
  );
  const log = daemon.log();
  const spawns = [...log.matchAll(/spawned: 'leaky_00' with pid (\d+)/g)].map((m) => m[1]);
  assert.ok(spawns.length >= 2, log);
  assert.ok(
    log.indexOf('recycling: leaky_00') < log.indexOf(`spawned: 'leaky_00' with pid ${spawns[1]}`) &&
      log.indexOf(`spawned: 'leaky_00' with pid ${spawns[1]}`) < log.indexOf('recycled: leaky_00'),
    `the replacement is spawned before the old one is gone:\n${log}`,
  );
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
});
