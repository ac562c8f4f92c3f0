import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeNeed } from './need.js';
import type { PoolSignals, PoolSpec } from './spec.js';
import { signals, spec } from './test-support/builders.js';

// [name, spec overrides, signal overrides, jobs one slot finishes per second, busy slots,
//  expected processes, a fragment of the reason]
type Row = [string, Partial<PoolSpec>, Partial<PoolSignals>, number | null, number, number, string];

const rows: Row[] = [
  ['no work: the min', { min: 2 }, { processes: 3 }, 1, 0, 2, 'no jobs waiting or running'],
  ['no work and min 0: zero', { min: 0 }, { processes: 1 }, 1, 0, 0, 'no jobs'],
  // 20 ready at 1 job/s per slot must start within 5 s: 20 / (1 × 5) = 4.
  [
    'a backlog: ready / (rate × target)',
    {},
    { ready: 20 },
    1,
    1,
    4,
    '20 ready at 1 s a job need 4 processes to start within 5 s',
  ],
  // A job a minute, target 10 s: a process started when it comes starts it in time.
  [
    'sparse arrivals, nothing waiting: none resident',
    { min: 0 },
    { processes: 1, arrivalsPerSec: 1 / 60 },
    1,
    0,
    0,
    'no jobs waiting or running; 0.02/s arriving, under one per 5 s',
  ],
  // One arrival per target wait or more: the keep bound holds a process.
  ['one arrival per target wait keeps one', { min: 0 }, { arrivalsPerSec: 0.2 }, 1, 0, 1, '0.2/s'],
  // A job waiting is never sparse, whatever the rate.
  ['sparse but a job ready', { min: 0 }, { ready: 1, arrivalsPerSec: 0.01 }, 1, 0, 1, '1 ready'],
  // Arrivals alone: 1.6/s at 1 job/s per slot, 80 % utilisation → 2 slots.
  ['arrivals at 80 % utilisation', {}, { arrivalsPerSec: 1.6 }, 1, 1, 2, '1.6/s arriving'],
  // Horizon ignores reserved jobs; they hold slots: 10 running + 5 ready → 15 / 5 = 3.
  ['running jobs count', {}, { ready: 5, reserved: 10 }, 1, 1, 3, '5 ready, 10 running'],
  // Delayed jobs due within the target window count; the rest do not.
  [
    'delayed jobs due within the target count',
    {},
    { delayed: 50, delayedDue: 10 },
    1,
    0,
    2,
    '10 due',
  ],
  [
    'delayed jobs with unknown due times do not',
    {},
    { delayed: 50, delayedDue: null, ready: 1 },
    1,
    0,
    1,
    '1 ready',
  ],
  ['clamped to max, and said', { max: 3 }, { ready: 100 }, 1, 1, 3, '(max 3)'],
  // Concurrency 10 per process: 40 slots → 4 processes.
  [
    'a Node pool: slots / concurrency',
    { concurrency: 10, max: 8 },
    { ready: 200 },
    1,
    1,
    4,
    'need 4 processes',
  ],
  [
    'late with every slot busy: one more',
    {},
    { processes: 2, ready: 1, reserved: 2, oldestWaitMs: 7_200 },
    10,
    2,
    3,
    'oldest job waited 7.2 s > target 5 s with every slot busy',
  ],
  [
    'late with a free slot: the estimate stands',
    {},
    { processes: 2, ready: 1, oldestWaitMs: 7_200 },
    10,
    1,
    1,
    'oldest job waited 7.2 s > target 5 s, but',
  ],
  // Fast jobs: nothing is reserved when the pool is looked at, yet a backlog of at least one
  // job per slot has waited past the target, so the slots are not keeping up: one more.
  [
    'late with as many ready as slots, nothing reserved: one more',
    {},
    { processes: 2, ready: 2, oldestWaitMs: 80_000 },
    10,
    0,
    3,
    'oldest job waited 80 s > target 5 s with 2 ready for 2 slots',
  ],
  [
    'late and the estimate asks more',
    {},
    { processes: 1, ready: 30, reserved: 1, oldestWaitMs: 9_000 },
    1,
    1,
    4,
    'oldest job waited 9 s > target 5 s; 30 ready',
  ],
  [
    'no rate yet: keep what runs, at least one',
    { min: 0 },
    { processes: 0, ready: 3 },
    null,
    0,
    1,
    'no job finished yet',
  ],
];

for (const [name, specOverrides, signalOverrides, rate, busy, expected, fragment] of rows) {
  test(`need: ${name}`, () => {
    const need = computeNeed(spec('q', specOverrides), signals('q', signalOverrides), rate, busy);
    assert.equal(need.processes, expected, need.why);
    assert.ok(need.why.includes(fragment), `"${need.why}" lacks "${fragment}"`);
  });
}

test('need: the unclamped figure is kept for the shortfall', () => {
  const need = computeNeed(spec('q', { max: 2 }), signals('q', { ready: 50 }), 1, 1);
  assert.deepEqual([need.processes, need.unclamped], [2, 10]);
});
