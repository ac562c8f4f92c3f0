// Recycling and draining with real processes, through the supervisor's one entry point
// (recycle) and scale-downs: the leaving process goes DRAINING and says why.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { SupervisorEvents } from './events.js';
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

type Recycle = SupervisorEvents['process:recycle'];
const lines = (text: string, line: string) => text.split('\n').filter((l) => l === line).length;

test('replace: the replacement is RUNNING first, then the old one is DRAINING with its reason', async () => {
  const { supervisor, output } = superviseTest([
    testPool('w', fixture('ignore-sigterm.js'), { stopTimeoutMs: 300 }),
  ]);
  const recycles: Recycle[] = [];
  supervisor.events.on('process:recycle', (e) => recycles.push(e));
  supervisor.start();
  const [old] = supervisor.select('w_00');
  await old!.until((s) => s === 'RUNNING');
  await until(() => lines(output.text(), 'w_00 | ready') === 1, 'its SIGTERM handler');
  const oldPid = old!.pid();

  const draining = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'DRAINING');
  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.pid === oldPid);
  assert.equal(supervisor.recycle('w_00', { kind: 'replace', reason: 'test: replace' }), true);
  assert.equal(supervisor.recycle('w_00', { kind: 'replace', reason: 'again' }), false);
  assert.deepEqual(supervisor.pools()[0]!.retiring(), [old]);

  assert.equal((await draining).pid, oldPid);
  const view = supervisor.snapshot();
  const leaving = view.find((p) => p.pid === oldPid)!;
  assert.deepEqual([leaving.state, leaving.retiring], ['DRAINING', true]);
  assert.match(leaving.description, /retiring: test: replace$/);
  const fresh = view.find((p) => p.name === 'w_00' && p.pid !== oldPid)!;
  assert.deepEqual([fresh.state, fresh.retiring], ['RUNNING', false]);

  const { record } = await exit;
  assert.deepEqual(
    [record.reason, record.detail, record.forced],
    ['recycled', 'test: replace', true],
  );
  await until(() => supervisor.pools()[0]!.retiring().length === 0, 'the old one dropped');
  assert.deepEqual(
    supervisor.snapshot().map((p) => [p.name, p.pid]),
    [['w_00', fresh.pid]],
  );
  assert.deepEqual(recycles, [
    { name: 'w_00', pool: 'w', kind: 'replace', reason: 'test: replace' },
  ]);
});

test('replace: if the replacement cannot start, the old process stays', async () => {
  const { supervisor } = superviseTest([testPool('r', fixture('forever.js'), { startretries: 0 })]);
  supervisor.start();
  const [old] = supervisor.select('r_00');
  await old!.until((s) => s === 'RUNNING');
  const pool = supervisor.pools()[0]!;
  // The replacement is built from the pool's current settings: make it unspawnable.
  pool.reconfigure({ ...pool.config, argv: ['/nonexistent/crew-worker'] });
  const fatal = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'FATAL');
  assert.equal(supervisor.recycle('r_00', { kind: 'replace', reason: 'test' }), true);
  await fatal;
  await until(() => pool.retiring().length === 0, 'the replacement dropped');
  assert.deepEqual(pool.processes(), [old]);
  assert.equal(old!.state(), 'RUNNING');
  assert.equal(old!.lifecycle().retiring, null);
});

test('kill: SIGKILLed now, recorded as recycled with the reason, and restarted', async () => {
  const { supervisor } = superviseTest([
    testPool('k', fixture('forever.js'), { autorestart: false }),
  ]);
  supervisor.start();
  const [proc] = supervisor.select('k_00');
  await proc!.until((s) => s === 'RUNNING');
  const pid = proc!.pid()!;
  assert.equal(
    supervisor.recycle('k_00', { kind: 'kill', reason: 'blocked', pid: pid + 1 }),
    false,
  );
  assert.equal(supervisor.recycle('nope', { kind: 'kill', reason: 'blocked' }), false);
  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.pid === pid);
  const respawn = nextEvent(supervisor.events, 'process:spawn');
  assert.equal(supervisor.recycle('k_00', { kind: 'kill', reason: 'blocked', pid }), true);
  const { record } = await exit;
  assert.deepEqual(
    [record.reason, record.detail, record.signal, record.forced],
    ['recycled', 'blocked', 'SIGKILL', true],
  );
  assert.notEqual((await respawn).pid, pid);
  assert.equal(isAlive(pid), false);
});

test('restart: stopped with its stopsignal and started again in place, never two at once', async () => {
  const { supervisor } = superviseTest([testPool('r', fixture('signal-log.js'))]);
  const recycles: Recycle[] = [];
  supervisor.events.on('process:recycle', (e) => recycles.push(e));
  supervisor.start();
  const [proc] = supervisor.select('r_00');
  await proc!.until((s) => s === 'RUNNING');
  const pid = proc!.pid()!;
  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.pid === pid);
  const respawn = nextEvent(supervisor.events, 'process:spawn');
  assert.equal(supervisor.recycle('r_00', { kind: 'restart', reason: 'over budget', pid }), true);
  // Not twice: it is no longer RUNNING.
  assert.equal(supervisor.recycle('r_00', { kind: 'restart', reason: 'again' }), false);
  const { record } = await exit;
  assert.deepEqual([record.signal, record.forced], ['SIGTERM', false]);
  // The new one starts only after the old one is gone: no moment with both (the budget's point).
  const spawned = await respawn;
  assert.notEqual(spawned.pid, pid);
  assert.equal(isAlive(pid), false);
  assert.deepEqual(
    recycles.map((r) => [r.name, r.kind, r.reason]),
    [['r_00', 'restart', 'over budget']],
  );
  assert.equal(supervisor.snapshot().length, 1);
});

test('scale-down drains the highest numbers through DRAINING, recorded as a stop with why', async () => {
  const { supervisor, output } = superviseTest([
    testPool('jobs', fixture('ignore-sigterm.js'), { processes: 2, stopTimeoutMs: 300 }),
  ]);
  const recycles: Recycle[] = [];
  supervisor.events.on('process:recycle', (e) => recycles.push(e));
  supervisor.start();
  await Promise.all(supervisor.select('all').map((p) => p.until((s) => s === 'RUNNING')));
  await until(() => output.text().includes('jobs_01 | ready'), 'its SIGTERM handler');
  const draining = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'DRAINING');
  const exit = nextEvent(supervisor.events, 'process:exit');
  const scaled = supervisor.scale('jobs', 1, 'test');
  assert.equal((await draining).name, 'jobs_01');
  assert.deepEqual(
    supervisor.snapshot().map((p) => [p.name, p.state, p.retiring]),
    [
      ['jobs_00', 'RUNNING', false],
      ['jobs_01', 'DRAINING', true],
    ],
  );
  assert.deepEqual(
    supervisor.select('jobs:*').map((p) => p.name),
    ['jobs_00'],
  );
  const { record } = await exit;
  assert.deepEqual(
    [record.reason, record.detail],
    ['killed-after-timeout', 'scale-down: 2→1 (test)'],
  );
  await scaled;
  assert.deepEqual(
    supervisor.snapshot().map((p) => p.name),
    ['jobs_00'],
  );
  assert.deepEqual(recycles, []);
});

test('killStopping SIGKILLs a draining process without waiting out stop_timeout', async () => {
  const { supervisor, output } = superviseTest([
    testPool('slow', fixture('ignore-sigterm.js'), { processes: 2, stopTimeoutMs: 60_000 }),
  ]);
  supervisor.start();
  await Promise.all(supervisor.select('all').map((p) => p.until((s) => s === 'RUNNING')));
  await until(() => output.text().includes('slow_01 | ready'), 'its SIGTERM handler');
  const draining = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'DRAINING');
  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.name === 'slow_01');
  const scaled = supervisor.scale('slow', 1, 'test');
  await draining;
  supervisor.killStopping();
  const { record } = await exit;
  assert.deepEqual([record.reason, record.forced], ['killed-after-timeout', true]);
  await scaled;
  assert.equal(supervisor.select('slow_00')[0]!.state(), 'RUNNING');
  // And at shutdown: the one left ignores SIGTERM too.
  const down = supervisor.shutdown();
  supervisor.killStopping();
  await down;
  assert.equal(supervisor.select('slow_00')[0]!.exits().at(-1)?.forced, true);
});
