import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRateTracker, type QueueRates, type RateTrackerOptions } from './rates.js';
import type { BacklogSnapshot } from './types.js';

// A snapshot of queue "q" holding `backlog` jobs (split across states, which the tracker adds
// up), with `arrivals` since the last one, or null for a source that cannot count them.
function snapshot(at: number, backlog: number, arrivals: number | null): BacklogSnapshot {
  const ready = Math.ceil(backlog / 2);
  return {
    at,
    queues: [
      {
        queue: 'q',
        ready,
        delayed: backlog - ready,
        reserved: 0,
        failed: null,
        oldestWaitMs: null,
      },
    ],
    arrivals: arrivals === null ? null : { q: arrivals },
    cursor: arrivals === null ? null : at,
  };
}

type Event =
  | { observe: [at: number, backlog: number, arrivals: number | null] }
  | { done: [n: number, at: number] };

interface Case {
  readonly name: string;
  readonly options?: RateTrackerOptions;
  readonly events: readonly Event[];
  readonly now: number;
  readonly expected: QueueRates;
}

const cases: readonly Case[] = [
  {
    name: 'a queue never seen',
    events: [],
    now: 0,
    expected: { arrivalsPerSec: null, completionsPerSec: null },
  },
  {
    name: 'one snapshot is not a rate yet',
    events: [{ observe: [0, 10, 0] }],
    now: 5_000,
    expected: { arrivalsPerSec: null, completionsPerSec: null },
  },
  {
    name: 'counted arrivals over the span; departures are arrivals minus backlog growth',
    events: [{ observe: [0, 10, 0] }, { observe: [10_000, 15, 20] }, { observe: [20_000, 5, 10] }],
    now: 20_000,
    expected: { arrivalsPerSec: 1.5, completionsPerSec: 1.75 },
  },
  {
    name: 'snapshots older than the window are left out',
    options: { windowMs: 60_000 },
    events: [
      { observe: [0, 100, 0] },
      { observe: [30_000, 100, 60] },
      { observe: [70_000, 40, 30] },
      { observe: [90_000, 40, 30] },
    ],
    now: 90_000,
    expected: { arrivalsPerSec: 1, completionsPerSec: 2 },
  },
  {
    name: 'a backlog that grew by more than arrived gives 0 departures, not fewer',
    events: [{ observe: [0, 0, 0] }, { observe: [10_000, 20, 5] }],
    now: 10_000,
    expected: { arrivalsPerSec: 0.5, completionsPerSec: 0 },
  },
  {
    name: 'Redis counts alone give no rates: nothing is invented',
    events: [{ observe: [0, 10, null] }, { observe: [10_000, 20, null] }],
    now: 10_000,
    expected: { arrivalsPerSec: null, completionsPerSec: null },
  },
  {
    name: 'Redis with reported completions: arrivals are completions plus backlog growth',
    events: [
      { observe: [0, 10, null] },
      { done: [4, 2_500] },
      { done: [6, 7_500] },
      { observe: [10_000, 15, null] },
    ],
    now: 10_000,
    expected: { arrivalsPerSec: 1.5, completionsPerSec: 1 },
  },
  {
    name: 'a purged backlog gives 0 arrivals, not fewer',
    events: [{ observe: [0, 100, null] }, { done: [1, 5_000] }, { observe: [10_000, 0, null] }],
    now: 10_000,
    expected: { arrivalsPerSec: 0, completionsPerSec: 0.1 },
  },
  {
    name: 'reported completions are counted since the queue was first seen',
    events: [{ done: [6, 1_000] }, { done: [6, 2_000] }],
    now: 4_000,
    expected: { arrivalsPerSec: null, completionsPerSec: 4 },
  },
  {
    name: 'reported completions older than the window drop out',
    options: { windowMs: 10_000 },
    events: [{ done: [50, 0] }, { done: [5, 15_000] }],
    now: 20_000,
    expected: { arrivalsPerSec: null, completionsPerSec: 0.5 },
  },
  {
    name: 'reported completions win over the estimate from counts',
    events: [{ observe: [0, 10, 0] }, { done: [3, 5_000] }, { observe: [10_000, 10, 8] }],
    now: 10_000,
    expected: { arrivalsPerSec: 0.8, completionsPerSec: 0.3 },
  },
  {
    name: 'a snapshot no newer than the last merges into it, arrivals kept',
    events: [{ observe: [0, 10, 0] }, { observe: [10_000, 12, 4] }, { observe: [10_000, 11, 2] }],
    now: 10_000,
    expected: { arrivalsPerSec: 0.6, completionsPerSec: 0.5 },
  },
  {
    name: 'only the newest points are kept',
    options: { maxPoints: 3 },
    events: Array.from({ length: 10 }, (_, i): Event => ({ observe: [i * 1_000, 50 - i, 1] })),
    now: 9_000,
    expected: { arrivalsPerSec: 1, completionsPerSec: 2 },
  },
  {
    name: 'a negative or non-finite completion report is ignored',
    events: [{ done: [-3, 0] }, { done: [Number.NaN, 0] }],
    now: 10_000,
    expected: { arrivalsPerSec: null, completionsPerSec: null },
  },
];

for (const { name, options, events, now, expected } of cases) {
  test(name, () => {
    const tracker = createRateTracker(options);
    for (const event of events) {
      if ('observe' in event) tracker.observe(snapshot(...event.observe));
      else tracker.completions('q', ...event.done);
    }
    assert.deepEqual(tracker.rates('q', now), expected);
  });
}

test('queues are tracked apart', () => {
  const tracker = createRateTracker();
  tracker.observe({
    at: 0,
    queues: [
      { queue: 'a', ready: 0, delayed: 0, reserved: 0, failed: 0, oldestWaitMs: null },
      { queue: 'b', ready: 0, delayed: 0, reserved: 0, failed: 0, oldestWaitMs: null },
    ],
    arrivals: { a: 0, b: 0 },
    cursor: 0,
  });
  tracker.observe({
    at: 2_000,
    queues: [
      { queue: 'a', ready: 0, delayed: 0, reserved: 0, failed: 0, oldestWaitMs: null },
      { queue: 'b', ready: 4, delayed: 0, reserved: 0, failed: 0, oldestWaitMs: null },
    ],
    arrivals: { a: 2, b: 4 },
    cursor: 6,
  });
  assert.deepEqual(tracker.rates('a', 2_000), { arrivalsPerSec: 1, completionsPerSec: 1 });
  assert.deepEqual(tracker.rates('b', 2_000), { arrivalsPerSec: 2, completionsPerSec: 0 });
});
