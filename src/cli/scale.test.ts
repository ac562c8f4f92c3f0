import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCrew, startCrew } from './test-support/run-crew.js';
import { createUpHarness, statusJson, worker } from './test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();

test('status names grouped processes group:name; scale past the max or the budget needs --force', async () => {
  const { dir, file } = workspace(`budget: 300MiB
pools:
  worker:
    command: ${worker('forever.js')}
    processes: 2
    group: php
    startsecs: 0
  good:
    command: ${worker('forever.js')}
    processes: 1..3
    startsecs: 0
`);
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('worker_01 entered RUNNING');
  await daemon.waitForLog('good_00 entered RUNNING');
  // `crew up` says what `crew check` says of a range nothing drives.
  assert.match(
    daemon.log(),
    /config warning: pools\.good\.processes: 1\.\.3 autoscales on a queue's backlog, but the pool has neither/,
  );

  // supervisorctl prints a program of [group:php] as php:worker_00.
  const status = await runCrew(['-c', file, 'status'], dir);
  assert.equal(status.code, 0, status.stderr);
  const names = status.stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s+/)[0]);
  assert.deepEqual(names, ['php:worker_00', 'php:worker_01', 'good:good_00']);
  // The verbs' replies name it the same way.
  const restarted = await runCrew(['-c', file, 'restart', 'worker_00'], dir);
  assert.equal(restarted.code, 0, restarted.stderr);
  assert.match(restarted.stdout, /^php:worker_00: started$/m);

  // Wait until the sampler has measured the pool's processes, so the cost is known.
  for (;;) {
    const json = await statusJson(file, dir);
    if (json.processes.every((p) => (p as { pss_bytes?: number | null }).pss_bytes)) break;
    await daemon.waitForLog(/./);
  }

  const tooMany = await runCrew(['-c', file, 'scale', 'good=1000'], dir);
  assert.equal(tooMany.code, 2, tooMany.stderr);
  assert.match(
    tooMany.stderr,
    /^crew: good=1000 is above the pool's autoscale max of 3 and more than the budget holds: 999 more × [\d.]+ [KMG]iB \(measured\) = [\d.]+ [KMG]iB, with [\d.]+ [KMG]?i?B of the 300 MiB budget left\n {2}add --force to scale good from 1 to 1000 anyway\n$/,
  );
  const fixed = await runCrew(['-c', file, 'scale', 'worker=1000'], dir);
  assert.equal(fixed.code, 2, fixed.stderr);
  assert.match(fixed.stderr, /^crew: worker=1000 is more than the budget holds: 998 more × /);
  assert.equal((await statusJson(file, dir)).processes.length, 3, 'nothing was started');

  const within = await runCrew(['-c', file, 'scale', 'good=2'], dir);
  assert.equal(within.stdout, 'good: 1→2 (pinned; good=auto to unpin)\n', within.stderr);
  const forced = await runCrew(['-c', file, 'scale', '--force', 'good=4'], dir);
  assert.equal(forced.stdout, 'good: 2→4 (pinned; good=auto to unpin)\n', forced.stderr);
});
