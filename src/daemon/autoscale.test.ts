import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { CrewConfig } from '../config/types.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import type { Sample } from '../memory/sample.js';
import type { QueueReport } from '../queue/types.js';
import {
  fixture,
  nextEvent,
  stopTestSupervisors,
  superviseTest,
  testPool,
  until,
} from '../supervise/test-support/fixtures.js';
import { startAutoscale } from './autoscale.js';

after(stopTestSupervisors);

const MiB = 1024 * 1024;
const autoscaled = {
  processes: 1,
  autoscale: { min: 1, max: 3, upCooldownMs: 5_000, downWindowMs: 60_000, downCooldownMs: 15_000 },
  targetWaitMs: 5_000,
};
const report = (overrides: Partial<QueueReport>): QueueReport => ({
  queue: 'payments',
  source: 'laravel-database',
  pools: ['payments'],
  ready: 0,
  delayed: 0,
  reserved: 0,
  failed: 0,
  oldestWaitMs: null,
  arrivalsPerSec: 0,
  completionsPerSec: 0,
  totals: null,
  targetWaitMs: 5_000,
  ...overrides,
});
const sample = (at: number): Sample => ({
  at,
  container: { usageBytes: 100 * MiB, limitBytes: 1024 * MiB, hasLimit: true },
  crew: { pssBytes: 20 * MiB, rssBytes: 30 * MiB, ussBytes: 15 * MiB, swapBytes: 0 },
  processes: [],
});

test('live: a late backlog scales the pool up through the supervisor; no backlog drains it back', async () => {
  const events = createEmitter<CrewEvents>();
  const { supervisor } = superviseTest(
    [testPool('payments', fixture('forever.js'), autoscaled)],
    events,
  );
  supervisor.start();
  let clock = 1_000_000;
  let queues: QueueReport[] = [
    report({ ready: 4, reserved: 1, oldestWaitMs: 7_200, completionsPerSec: 0.5 }),
  ];
  const autoscaler = startAutoscale({
    supervisor,
    events,
    queues: async () => queues,
    onSample: () => () => {},
    now: () => clock,
  });
  const decision = nextEvent(events, 'scale:decision');
  const scaled = nextEvent(events, 'pool:scale');
  await autoscaler.tick(sample(clock));
  assert.match((await decision).reason, /^payments 1→2: oldest job waited 7\.2 s > target 5 s/);
  const why = (await decision).reason.replace('payments 1→2: ', '');
  assert.deepEqual(await scaled, {
    pool: 'payments',
    from: 1,
    to: 2,
    reason: why,
  });
  await until(
    () => supervisor.select('payments:*').every((p) => p.state() === 'RUNNING'),
    'two RUNNING',
  );
  assert.deepEqual(autoscaler.scaling()[0], {
    pool: 'payments',
    min: 1,
    max: 3,
    needed: 2,
    wanted: 2,
    desired: 2,
    shortfall: 0,
    pinned: false,
    why: why.replace(/ \(\d+ MiB used\)$/, ''),
    costBytes: null,
  });

  // The backlog is gone; after the down window the newest process is stopped.
  queues = [report({})];
  clock += 61_000;
  const down = nextEvent(events, 'pool:scale');
  await autoscaler.tick(sample(clock));
  assert.deepEqual([(await down).from, (await down).to], [2, 1]);
  assert.deepEqual(
    supervisor.select('payments:*').map((p) => p.name),
    ['payments_00'],
  );
  autoscaler.stop();
});

test('live: a pinned pool is left where crew scale put it until unpinned', async () => {
  const events = createEmitter<CrewEvents>();
  const { supervisor } = superviseTest(
    [testPool('payments', fixture('forever.js'), autoscaled)],
    events,
  );
  supervisor.start();
  let clock = 2_000_000;
  const queues = [report({ ready: 40, reserved: 1, oldestWaitMs: 9_000, completionsPerSec: 1 })];
  const autoscaler = startAutoscale({
    supervisor,
    events,
    queues: async () => queues,
    onSample: () => () => {},
    now: () => clock,
  });
  autoscaler.pin('payments', 1);
  const pinned = await autoscaler.tick(sample(clock));
  assert.deepEqual(pinned?.decisions, []);
  assert.equal(autoscaler.scaling()[0]?.pinned, true);
  autoscaler.pin('payments', null);
  // Unpinning starts the cooldowns, as any change does.
  clock += 5_000;
  const freed = await autoscaler.tick(sample(clock));
  assert.deepEqual(
    freed?.decisions.map((d) => [d.from, d.to]),
    [[1, 2]],
  );
  autoscaler.stop();
});

test('live: nothing autoscaled and nothing pinned, no tick', async () => {
  const events = createEmitter<CrewEvents>();
  const { supervisor } = superviseTest([testPool('fixed', fixture('forever.js'))], events);
  let asked = 0;
  const autoscaler = startAutoscale({
    supervisor,
    events,
    queues: async () => {
      asked += 1;
      return [];
    },
    onSample: () => () => {},
  });
  assert.equal(await autoscaler.tick(sample(0)), null);
  assert.equal(asked, 0);
  autoscaler.stop();
});

// A sample 50 MiB over a 400 MiB budget, payments_00 (pid) grown to 380 MiB.
const overBudget = (pid: number): Sample => ({
  ...sample(Date.now()),
  container: { usageBytes: 450 * MiB, limitBytes: 1024 * MiB, hasLimit: true },
  processes: [
    {
      name: 'payments_00',
      pool: 'payments',
      pid,
      pids: 1,
      pssBytes: 380 * MiB,
      rssBytes: 390 * MiB,
      ussBytes: 370 * MiB,
      swapBytes: 0,
    },
  ],
});

async function overBudgetWithPool(critical: boolean) {
  const events = createEmitter<CrewEvents>();
  const pool = { ...autoscaled, expectMemoryBytes: 40 * MiB, critical };
  const { supervisor } = superviseTest(
    [testPool('payments', fixture('forever.js'), pool)],
    events,
    {
      budget: { kind: 'bytes', bytes: 400 * MiB },
    },
  );
  supervisor.start();
  const [old] = supervisor.select('payments_00');
  await old!.until((s) => s === 'RUNNING');
  const autoscaler = startAutoscale({
    supervisor,
    events,
    queues: async () => [report({})],
    onSample: () => () => {},
  });
  return { events, supervisor, autoscaler, pid: old!.pid()! };
}

test('live: over budget with the pool at its min, the grown process is recycled in place (a replacement would not fit)', async () => {
  const { events, supervisor, autoscaler, pid } = await overBudgetWithPool(false);
  const recycled = nextEvent(events, 'process:recycle');
  const exit = nextEvent(events, 'process:exit', (e) => e.pid === pid);
  const result = await autoscaler.tick(overBudget(pid));
  assert.deepEqual(
    result?.recycles.map((r) => [r.process, r.pid, r.kind]),
    [['payments_00', pid, 'restart']],
  );
  assert.deepEqual(await recycled, {
    name: 'payments_00',
    pool: 'payments',
    kind: 'restart',
    reason: result!.recycles[0]!.reason,
  });
  assert.match(
    result!.recycles[0]!.reason,
    /^over budget: 450 of 400 MiB used in the cgroup, 50 MiB of it beyond crew and its pools; payments_00 uses 380 MiB, 9\.5 × its pool's usual 40 MiB; recycling it in place, as the budget has no room for a 40 MiB replacement$/,
  );
  const { record } = await exit;
  // Stopped with its stopsignal (its jobs finish or go back with their try), then started again.
  assert.deepEqual([record.reason, record.signal], ['stopped', 'SIGTERM']);
  // It starts again in place; within the pool's recycle cooldown the budget recycles nothing more.
  await until(
    () => supervisor.select('payments_00')[0]!.state() === 'RUNNING',
    'payments_00 RUNNING again',
  );
  assert.notEqual(supervisor.select('payments_00')[0]!.pid(), pid);
  const again = await autoscaler.tick(overBudget(supervisor.select('payments_00')[0]!.pid()!));
  assert.deepEqual(again?.recycles, []);
  autoscaler.stop();
});

test('live: over budget, a grown process of a critical pool is replaced first, so the pool never runs short', async () => {
  const { events, supervisor, autoscaler, pid } = await overBudgetWithPool(true);
  const recycled = nextEvent(events, 'process:recycle');
  const exit = nextEvent(events, 'process:exit', (e) => e.pid === pid);
  const result = await autoscaler.tick(overBudget(pid));
  assert.equal((await recycled).kind, 'replace');
  assert.match(result!.recycles[0]!.reason, /replacement first, as its pool is critical/);
  // A second tick while the replacement runs recycles nothing more.
  let more = 0;
  events.on('process:recycle', () => more++);
  await autoscaler.tick(overBudget(pid));
  const { record } = await exit;
  assert.equal(record.reason, 'recycled');
  assert.equal(more, 0);
  assert.notEqual(supervisor.select('payments_00')[0]!.pid(), pid);
  autoscaler.stop();
});

test('live: a cgroup shared with a process crew did not start is not over budget for crew; told it is the container, crew still recycles nothing that is only a few MiB over', async () => {
  const events = createEmitter<CrewEvents>();
  const critical = { ...autoscaled, autoscale: { ...autoscaled.autoscale, min: 2 }, processes: 2 };
  const { supervisor } = superviseTest(
    [testPool('critical', fixture('forever.js'), { ...critical, critical: true })],
    events,
    { budget: { kind: 'bytes', bytes: 100 * MiB } },
  );
  supervisor.start();
  await until(
    () => supervisor.select('critical:*').every((p) => p.state() === 'RUNNING'),
    'two RUNNING',
  );
  const [a, b] = supervisor.select('critical:*').map((p) => p.pid()!);
  const autoscaler = startAutoscale({
    supervisor,
    events,
    queues: async () => [report({ queue: 'critical', pools: ['critical'] })],
    onSample: () => () => {},
  });
  const proc = (name: string, pid: number, pssMiB: number) => ({
    name,
    pool: 'critical',
    pid,
    pids: 1,
    pssBytes: pssMiB * MiB,
    rssBytes: pssMiB * MiB,
    ussBytes: pssMiB * MiB,
    swapBytes: 0,
  });
  // As measured on the machine of the churn: crew 20 MiB, its workers 14 and 18 MiB, the cgroup
  // at 160 MiB because it also holds a 100 MiB process crew did not start.
  const shared: Sample = {
    ...sample(Date.now()),
    container: { usageBytes: 160 * MiB, limitBytes: 1024 * MiB, hasLimit: true },
    processes: [proc('critical_00', a!, 14), proc('critical_01', b!, 18)],
    foreign: { processes: 1, rssBytes: 100 * MiB, unseen: 0 },
  };
  let recycles = 0;
  events.on('process:recycle', () => recycles++);
  const auto = await autoscaler.tick(shared);
  assert.equal(auto?.budget.status, 'ok');
  assert.equal(auto?.budget.usedBytes, 52 * MiB);

  const asContainer = { kind: 'bytes', bytes: 100 * MiB, otherBytes: 0, scope: 'container' };
  await supervisor.apply({ ...supervisor.config(), budget: asContainer as CrewConfig['budget'] });
  const container = await autoscaler.tick(shared);
  assert.equal(container?.budget.status, 'unholdable');
  assert.deepEqual(container?.recycles, []);
  assert.equal(recycles, 0);
  autoscaler.stop();
});
