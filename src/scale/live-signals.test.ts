import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueueReport } from '../queue/types.js';
import { type LivePool, liveSignals } from './live-signals.js';

const report = (
  queue: string,
  pools: string[],
  overrides: Partial<QueueReport> = {},
): QueueReport => ({
  queue,
  source: 'laravel-database',
  pools,
  ready: 0,
  delayed: 0,
  reserved: 0,
  failed: null,
  oldestWaitMs: null,
  arrivalsPerSec: null,
  completionsPerSec: null,
  totals: null,
  targetWaitMs: null,
  ...overrides,
});
const pool = (name: string, overrides: Partial<LivePool> = {}): LivePool => ({
  name,
  processes: 1,
  processPss: [],
  pssSamplesBytes: [],
  busy: null,
  targetWaitMs: 5000,
  ...overrides,
});
const NOW = 1_700_000_000_000;

test('live signals: a pool sums its queues; a shared queue is split among its pools', () => {
  const [a, b] = liveSignals(
    [pool('a', { processes: 2 }), pool('b', { busy: { running: 3, capacity: 4 } })],
    [
      report('payments', ['a'], {
        ready: 5,
        reserved: 2,
        oldestWaitMs: 7200,
        arrivalsPerSec: 1.5,
        completionsPerSec: 1,
      }),
      report('default', ['a', 'b'], { ready: 3, delayed: 4, oldestWaitMs: 900, arrivalsPerSec: 1 }),
      report('other', [], { ready: 50 }),
    ],
    NOW,
  );
  assert.deepEqual(
    [
      a!.processes,
      a!.ready,
      a!.delayed,
      a!.reserved,
      a!.oldestWaitMs,
      a!.arrivalsPerSec,
      a!.completionsPerSec,
    ],
    [2, 7, 2, 2, 7200, 2, 1],
  );
  assert.equal(a!.busyFraction, null);
  assert.deepEqual(
    [b!.ready, b!.oldestWaitMs, b!.completionsPerSec, b!.busyFraction],
    [2, 900, null, 0.75],
  );
});

test('live signals: a pool no report names is idle', () => {
  const [idle] = liveSignals([pool('x')], [], NOW);
  assert.deepEqual([idle!.ready, idle!.oldestWaitMs, idle!.arrivalsPerSec], [0, null, null]);
});

test("live signals: delayed jobs falling due within the pool's target_wait are due work", () => {
  const dueAt = [
    { atMs: NOW + 2000, count: 30 },
    { atMs: NOW + 5000, count: 4 },
    { atMs: NOW + 5001, count: 7 },
    { atMs: NOW + 3_600_000, count: 1 },
  ];
  const [soon, patient, blind] = liveSignals(
    [pool('soon'), pool('patient', { targetWaitMs: 60_000 }), pool('blind')],
    [
      report('provisioning', ['soon'], { delayed: 42, dueAt }),
      report('later', ['patient'], { delayed: 42, dueAt }),
      // A source that cannot tell when its delayed jobs fall due (Laravel's Redis queue).
      report('redis', ['blind'], { delayed: 42 }),
    ],
    NOW,
  );
  assert.deepEqual([soon!.delayedDue, soon!.lanes?.[0]?.delayedDue], [34, 34]);
  assert.equal(patient!.delayedDue, 41);
  assert.deepEqual([blind!.delayedDue, blind!.delayed], [null, 42]);
});

test('live signals: other hosts serving a queue take their share; own counts stay this host’s', () => {
  const totals = { completed: 30, retried: 0, failed: 0, stalled: 0 };
  const [a] = liveSignals(
    [pool('a', { processes: 2 })],
    [
      // crew's store, served here by `a` and on two other hosts: the backlog is split three
      // ways, but what this host's workers finished is all `a`'s.
      report('payments', ['a'], {
        source: 'crew',
        ready: 30,
        reserved: 6,
        arrivalsPerSec: 3,
        completionsPerSec: 2,
        totals,
      }),
      // A watched Laravel table served here and on one other host: its completions are the
      // table's (every host's), so split too.
      report('default', ['a'], { ready: 10, arrivalsPerSec: 1, completionsPerSec: 1 }),
    ],
    NOW,
    new Map([
      ['payments', 2],
      ['default', 1],
    ]),
  );
  assert.equal(a!.ready, 10 + 5);
  assert.equal(a!.reserved, 2);
  assert.equal(a!.arrivalsPerSec, 1 + 0.5);
  assert.equal(a!.completionsPerSec, 2 + 0.5);
  assert.equal(a!.finishedTotal, 30);
  assert.deepEqual(
    a!.lanes!.map((l) => [l.queue, l.ready, l.completionsPerSec]),
    [
      ['payments', 10, 2],
      ['default', 5, 0.5],
    ],
  );
});
