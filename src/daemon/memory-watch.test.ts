// The memory watch's recycling on real processes: a leaking worker passes max_memory; with room in
// the budget its replacement starts first, without room it is recycled in place, so recycling
// never pushes the container over its budget.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BudgetSettings } from '../config/budget.js';
import type { CrewConfig } from '../config/types.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import {
  fixture,
  nextEvent,
  stopTestSupervisors,
  superviseTest,
  testPool,
} from '../supervise/test-support/fixtures.js';
import { startMemoryWatch } from './memory-watch.js';

const MiB = 1024 * 1024;
after(stopTestSupervisors);

// A pool of one worker leaking 20 MiB/s, recycled past 96 MiB, under a budget of crew's own
// processes (scope crew: the test runner beside it does not count).
async function leakUnder(limitBytes: number) {
  const events = createEmitter<CrewEvents>();
  const budget: BudgetSettings = { kind: 'bytes', bytes: limitBytes, otherBytes: 0, scope: 'crew' };
  const pool = testPool('leaky', fixture('leak.js', 2), {
    expectMemoryBytes: 40 * MiB,
    recycle: { maxMemoryBytes: 96 * MiB, maxUptimeMs: null, exitCodes: [12] },
  });
  const { supervisor, config } = superviseTest([pool], events, {
    budget: budget as CrewConfig['budget'],
    sampleIntervalMs: 100,
  });
  supervisor.start();
  const recycled = nextEvent(events, 'process:recycle', () => true, 20_000);
  const watch = startMemoryWatch(supervisor, config);
  try {
    return await recycled;
  } finally {
    await watch.stop();
  }
}

test('a process past max_memory is replaced first when the budget has room for its replacement', async () => {
  const recycle = await leakUnder(4096 * MiB);
  assert.equal(recycle.kind, 'replace');
  assert.match(recycle.reason, /^PSS [\d.]+ MiB > max_memory 96 MiB$/);
});

test('without room for its replacement it is recycled in place', async () => {
  // Less than crew and its worker use already: no room at all.
  const recycle = await leakUnder(16 * MiB);
  assert.equal(recycle.kind, 'restart');
  assert.match(
    recycle.reason,
    /^PSS [\d.]+ MiB > max_memory 96 MiB; in place, as the budget has no room for a 40 MiB replacement$/,
  );
});
