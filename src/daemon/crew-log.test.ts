import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCrewLog, jsonLine, type LogFormat, levelOf } from './crew-log.js';

test('crew log: the level of a line from its words', () => {
  assert.equal(levelOf("spawned: 'payments_00' with pid 9714"), 'info');
  assert.equal(levelOf('config warning: crew.yaml:3:5 pools.a.cwd ...'), 'warn');
  assert.equal(levelOf('warning: crew is PID 1, ...'), 'warn');
  assert.equal(levelOf('warning: http: cannot listen on 127.0.0.1:9099 (EADDRINUSE)'), 'warn');
  assert.equal(levelOf('backoff: payments_00 exited too quickly, will retry'), 'warn');
  assert.equal(levelOf('critical: payments_00 of critical pool payments is FATAL'), 'error');
  assert.equal(levelOf('gave up: payments_00 entered FATAL state'), 'error');
  // Failures are errors.
  assert.equal(levelOf('cluster: heartbeat on postgres://crew@db/app failed: timeout'), 'error');
  assert.equal(levelOf('reload failed, keeping the running config: crew.yaml:3:5 ...'), 'error');
  assert.equal(levelOf('a listener failed: TypeError: x is not a function'), 'error');
  assert.equal(levelOf('queues: cannot watch redis redis://cache:6379: ECONNREFUSED'), 'error');
  assert.equal(levelOf('queues: reading store sqlite:var/crew.db: SQLITE_BUSY'), 'error');
  assert.equal(levelOf('autoscale: payments: Error: spawn ENOENT'), 'error');
  assert.equal(levelOf('cluster: could not leave crew_hosts on postgres://db/app: gone'), 'error');
  // Not failures.
  assert.equal(levelOf('cluster: the store on postgres://crew@db/app answers again'), 'info');
  assert.equal(levelOf('shutdown: everything stopped'), 'info');
  assert.equal(levelOf('up: 2 pools, control socket .crew/crew.sock'), 'info');
});

test('crew log: a JSON line carries the words, the level, the time and what it was about', () => {
  const line = jsonLine(
    'exited: payments_00 (exit 1 (unexpected) after 3.0s)',
    {
      level: 'warn',
      event: 'process:exit',
      pool: 'payments',
      process: 'payments_00',
      pid: 7,
      reason: 'exited',
    },
    1_733_300_000_000,
  );
  assert.deepEqual(JSON.parse(line), {
    level: 'warn',
    time: 1_733_300_000_000,
    msg: 'exited: payments_00 (exit 1 (unexpected) after 3.0s)',
    event: 'process:exit',
    pool: 'payments',
    process: 'payments_00',
    pid: 7,
    reason: 'exited',
  });
  // A line of several (a worker's stalled jobs) stays one object on one line.
  const multi = jsonLine('first\nsecond', {}, 1);
  assert.equal(multi.includes('\n'), false);
  assert.deepEqual(JSON.parse(multi), { level: 'info', time: 1, msg: 'first\nsecond' });
});

test('crew log: text or JSON as the format says at each line (a reload may change it)', () => {
  let format: LogFormat = 'text';
  const text: string[] = [];
  const json: string[] = [];
  const log = createCrewLog({
    format: () => format,
    text: (line) => text.push(line),
    json: (line) => json.push(line),
    now: () => 5,
  });
  log('up: 2 pools');
  format = 'json';
  log('config: applied version 2', { event: 'config:apply' });
  assert.deepEqual(text, ['up: 2 pools']);
  assert.deepEqual(json, [
    '{"level":"info","time":5,"msg":"config: applied version 2","event":"config:apply"}',
  ]);
});
