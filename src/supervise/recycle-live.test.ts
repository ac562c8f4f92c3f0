// Recycling with real processes: memory measured from /proc as the daemon's sampler does.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { listProcesses, readTreeMemory } from '../memory/process-tree.js';
import type { SupervisorEvents } from './events.js';
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

const MiB = 1024 * 1024;
after(stopTestSupervisors);

// Measures every managed process's tree and lets the supervisor act, until `done` or timeout.
async function measureUntil<T>(
  supervisor: Supervisor,
  done: Promise<T>,
  timeoutMs = 20_000,
): Promise<T> {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (!finished) {
    if (Date.now() > deadline) throw new Error('timed out measuring');
    const table = listProcesses();
    const pss = new Map<number, number>();
    for (const proc of supervisor.select('all')) {
      const pid = proc.pid();
      if (pid !== null) pss.set(pid, readTreeMemory(pid, table).pssBytes);
    }
    supervisor.checkRecycles(pss);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return done;
}

// check()'s first truthy value, looked for every turn of the event loop (within 10 s).
async function eventually<T>(check: () => T | null): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('not within 10 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a leaking process over max_memory is replaced: the replacement is RUNNING before the old one goes', async () => {
  const recycle = { maxMemoryBytes: 60 * MiB, maxUptimeMs: null, exitCodes: [12] };
  const { supervisor } = superviseTest([
    testPool('leaky', fixture('leak.js', 4), { recycle, stopTimeoutMs: 1000 }),
  ]);
  const order: string[] = [];
  supervisor.events.on('process:state', (e: SupervisorEvents['process:state']) => {
    if (e.to === 'RUNNING') order.push(`running ${e.pid}`);
  });
  supervisor.events.on('process:exit', (e) => order.push(`exit ${e.pid} ${e.record.reason}`));
  const firstRunning = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'RUNNING');
  supervisor.start();
  const first = await firstRunning;

  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.pid === first.pid, 25_000);
  const recycled = await measureUntil(supervisor, exit);
  assert.equal(recycled.record.reason, 'recycled');
  assert.match(recycled.record.detail ?? '', /^PSS \d+(\.\d)? MiB > max_memory 60 MiB$/);
  assert.equal(recycled.record.expected, true);

  const replacement = supervisor.select('leaky_00')[0]!;
  assert.notEqual(replacement.pid(), first.pid);
  assert.equal(replacement.state(), 'RUNNING');
  assert.ok(
    order.indexOf(`running ${replacement.pid()}`) < order.indexOf(`exit ${first.pid} recycled`),
    `replacement first: ${order.join(', ')}`,
  );
  assert.equal(isAlive(first.pid!), false);
  assert.equal(supervisor.pools()[0]!.retiring().length, 0);
  // The slot's history goes on in the replacement: status shows why the last one went.
  const seen = await eventually(() =>
    replacement.exits().at(-1)?.reason === 'recycled' ? replacement.exits() : null,
  );
  assert.match(seen.at(-1)!.detail ?? '', /^PSS [\d.]+ MiB > max_memory 60 MiB$/);
});

test('a runaway above 1.5 × max_memory is killed at once and restarted', async () => {
  const recycle = { maxMemoryBytes: 60 * MiB, maxUptimeMs: null, exitCodes: [12] };
  // Allocates 150 MiB at once and only then says "ready": no reading can fall between 60 and 90.
  const allocate = new URL('../memory/fixtures/allocate.js', import.meta.url).pathname;
  const { supervisor, output } = superviseTest([
    testPool('runaway', [process.execPath, allocate, '150'], { recycle, autorestart: false }),
  ]);
  const firstRunning = nextEvent(supervisor.events, 'process:state', (e) => e.to === 'RUNNING');
  supervisor.start();
  const first = await firstRunning;
  await until(() => output.text().includes('runaway_00 | ready'), 'the allocation');
  const exit = nextEvent(supervisor.events, 'process:exit', (e) => e.pid === first.pid, 25_000);
  const respawn = nextEvent(supervisor.events, 'process:spawn', (e) => e.pid !== first.pid, 25_000);
  const killed = await measureUntil(supervisor, exit);
  assert.equal(killed.record.reason, 'recycled');
  assert.equal(killed.record.signal, 'SIGKILL');
  assert.equal(killed.record.forced, true);
  assert.match(killed.record.detail ?? '', /^runaway: PSS .* > 1\.5 × max_memory 60 MiB$/);
  await respawn;
});

test('exit code 12 (queue:work --memory) is a recycle, restarted even with autorestart false', async () => {
  const { supervisor } = superviseTest([
    testPool('laravel', fixture('crash-after.js', 300, 12), { autorestart: false }),
  ]);
  const exit = nextEvent(supervisor.events, 'process:exit');
  supervisor.start();
  const { record } = await exit;
  assert.equal(record.reason, 'recycled');
  assert.equal(record.exitCode, 12);
  assert.match(record.detail ?? '', /recycle\.exit_codes/);
  await nextEvent(supervisor.events, 'process:spawn');
  await supervisor.stopProcesses('all');
});
