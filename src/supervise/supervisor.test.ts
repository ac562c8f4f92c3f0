import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Supervisor } from './supervisor.js';
import {
  fixture,
  isAlive,
  nextEvent,
  stopTestSupervisors,
  superviseTest,
  testPool,
  until,
} from './test-support/fixtures.js';

after(stopTestSupervisors);

const pidsOf = (supervisor: Supervisor, pool: string) =>
  supervisor.select(`${pool}:*`).map((proc) => proc.pid());

test('a process that crashes after it started is restarted with a new pid', async () => {
  const { supervisor } = superviseTest([testPool('crashy', fixture('crash-after.js', 300))]);
  const firstRunning = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'RUNNING');
  supervisor.start();
  const first = await firstRunning;
  const exit = await nextEvent(supervisor.events, 'process:exit');
  assert.equal(exit.record.reason, 'exited');
  assert.equal(exit.record.exitCode, 1);
  assert.equal(exit.record.expected, false);
  const second = await nextEvent(supervisor.events, 'process:state', (e) => e.to === 'RUNNING');
  assert.notEqual(second.pid, first.pid);
  await supervisor.stopProcesses('crashy:*');
});

test('quick exits back off and end in FATAL after startretries', async () => {
  const { supervisor } = superviseTest([
    // startsecs far above the fixture's lifetime, so a slow start under load is still "quick".
    testPool('broken', fixture('exit-with.js', 3), { startretries: 2, startsecsMs: 5000 }),
  ]);
  const fatal = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'FATAL');
  supervisor.start();
  await fatal;
  const [proc] = supervisor.select('broken:*');
  assert.equal(proc!.exits().length, 3);
  assert.ok(proc!.exits().every((record) => record.exitCode === 3));
  const gaps = proc!
    .exits()
    .slice(1)
    .map((record, i) => record.startedAt - proc!.exits()[i]!.endedAt);
  assert.ok(gaps[0]! >= 90 && gaps[1]! >= 190, `backoff grows: ${gaps.join(', ')}`);
});

test('a command that cannot be spawned ends in FATAL with the spawn error recorded', async () => {
  const { supervisor } = superviseTest([
    testPool('missing', ['/nonexistent/crew-worker'], { startretries: 1, startsecsMs: 5000 }),
  ]);
  const fatal = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'FATAL');
  supervisor.start();
  await fatal;
  const record = supervisor.select('missing:*')[0]!.exits().at(-1)!;
  assert.equal(record.reason, 'spawn-failed');
  assert.match(record.error ?? '', /ENOENT/);
});

test('stop escalates to SIGKILL of the whole group after stop_timeout', async () => {
  const { supervisor, output } = superviseTest([
    testPool('stubborn', fixture('ignore-sigterm.js'), { stopTimeoutMs: 300 }),
    testPool('wrapper', fixture('spawn-grandchild.js'), { stopTimeoutMs: 300 }),
  ]);
  const bothRunning = Promise.all([
    nextEvent(
      supervisor.events,
      'process:state',
      (e) => e.pool === 'stubborn' && e.to === 'RUNNING',
    ),
    nextEvent(
      supervisor.events,
      'process:state',
      (e) => e.pool === 'wrapper' && e.to === 'RUNNING',
    ),
  ]);
  supervisor.start();
  await bothRunning;
  await until(() => /grandchild (\d+)/.test(output.text()), 'the grandchild pid');
  await until(() => output.text().includes('stubborn_00 | ready'), 'the SIGTERM handler installed');
  const grandchild = Number(/grandchild (\d+)/.exec(output.text())![1]);
  assert.ok(isAlive(grandchild));

  await supervisor.stopProcesses('all');
  const stubborn = supervisor.select('stubborn:*')[0]!.exits().at(-1)!;
  assert.equal(stubborn.reason, 'killed-after-timeout');
  assert.equal(stubborn.forced, true);
  assert.equal(supervisor.select('wrapper:*')[0]!.state(), 'STOPPED');
  assert.equal(isAlive(grandchild), false, 'the grandchild that ignored SIGTERM is dead');
});

test('scale adds and removes processes without touching their siblings', async () => {
  const { supervisor } = superviseTest([testPool('jobs', fixture('forever.js'), { processes: 2 })]);
  supervisor.start();
  await Promise.all(supervisor.select('jobs:*').map((proc) => proc.until((s) => s === 'RUNNING')));
  const before = pidsOf(supervisor, 'jobs');

  await supervisor.scale('jobs', 4, 'test');
  const grown = supervisor.select('jobs:*');
  assert.deepEqual(
    grown.map((proc) => proc.name),
    ['jobs_00', 'jobs_01', 'jobs_02', 'jobs_03'],
  );
  await Promise.all(grown.map((proc) => proc.until((s) => s === 'RUNNING')));
  assert.deepEqual(pidsOf(supervisor, 'jobs').slice(0, 2), before);

  const removedPids = pidsOf(supervisor, 'jobs').slice(1);
  await supervisor.scale('jobs', 1, 'test');
  assert.deepEqual(pidsOf(supervisor, 'jobs'), [before[0]]);
  assert.ok(removedPids.every((pid) => pid !== null && !isAlive(pid)));
});

test('apply restarts only changed pools and scales count-only changes', async () => {
  const steady = testPool('steady', fixture('forever.js'));
  const counted = testPool('counted', fixture('forever.js'));
  const edited = testPool('edited', fixture('forever.js'));
  const { supervisor, config } = superviseTest([steady, counted, edited]);
  supervisor.start();
  await Promise.all(supervisor.select('all').map((proc) => proc.until((s) => s === 'RUNNING')));
  const before = Object.fromEntries(
    supervisor.select('all').map((proc) => [proc.name, proc.pid()]),
  );

  const next = {
    ...config,
    pools: [
      { ...steady, priority: 5, stopTimeoutMs: 500 },
      { ...counted, processes: 2 },
      { ...edited, env: { CHANGED: '1' } },
    ],
  };
  await supervisor.apply(next);
  await Promise.all(supervisor.select('all').map((proc) => proc.until((s) => s === 'RUNNING')));
  const afterPids = Object.fromEntries(
    supervisor.select('all').map((proc) => [proc.name, proc.pid()]),
  );
  assert.equal(afterPids.steady_00, before.steady_00, 'priority and stop_timeout apply in place');
  assert.equal(supervisor.select('steady_00')[0]!.pool.stopTimeoutMs, 500);
  assert.equal(afterPids.counted_00, before.counted_00);
  assert.ok(afterPids.counted_01);
  assert.notEqual(afterPids.edited_00, before.edited_00);
});

test('a critical pool going FATAL is announced', async () => {
  const { supervisor } = superviseTest([
    // Its exit must come before startsecs whatever the load: a Node start can outlast 100 ms,
    // and a process that reached RUNNING is restarted rather than given up on.
    testPool('payments', fixture('exit-with.js', 1), {
      critical: true,
      startretries: 0,
      startsecsMs: 60_000,
    }),
  ]);
  const critical = nextEvent(supervisor.events, 'supervisor:critical');
  supervisor.start();
  assert.deepEqual(await critical, { pool: 'payments', process: 'payments_00' });
});

test('shutdown stops pools highest priority number first', async () => {
  const { supervisor } = superviseTest([
    testPool('web', fixture('forever.js'), { priority: 10 }),
    testPool('queue', fixture('forever.js'), { priority: 20 }),
  ]);
  supervisor.start();
  await Promise.all(supervisor.select('all').map((proc) => proc.until((s) => s === 'RUNNING')));
  const order: string[] = [];
  supervisor.events.on('process:exit', ({ pool }) => order.push(pool));
  await supervisor.shutdown();
  assert.deepEqual(order, ['queue', 'web']);
});

test('output lines are prefixed with the process name, and signals reach the process', async () => {
  const { supervisor, output } = superviseTest([
    testPool('printer', fixture('print-lines.js', 2)),
    testPool('rotator', fixture('signal-log.js')),
  ]);
  supervisor.start();
  await Promise.all(supervisor.select('all').map((proc) => proc.until((s) => s === 'RUNNING')));
  await until(() => output.text().includes('rotator_00 | ready'), 'rotator ready');
  await until(() => output.text().includes('printer_00 | to stderr'), 'printer output');
  const printed = output.text().split('\n');
  assert.deepEqual(
    printed.filter((line) => line.startsWith('printer_00 | ')),
    ['printer_00 | line 1', 'printer_00 | line 2', 'printer_00 | to stderr'],
  );
  const signalled = supervisor.signalProcesses('SIGUSR2', 'rotator:*');
  assert.equal(signalled.length, 1);
  await until(() => output.text().includes('rotator_00 | got SIGUSR2'), 'the USR2 line');
  assert.equal(supervisor.select('printer_00')[0]!.output.tails.stdout.read(), 'line 1\nline 2\n');
});
