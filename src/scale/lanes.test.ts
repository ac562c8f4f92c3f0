import assert from 'node:assert/strict';
import { test } from 'node:test';
import { laneNeeds } from './lanes.js';
import { signals, spec } from './test-support/builders.js';

const lanes = [
  { queue: 'router-checks', concurrency: 2 },
  { queue: 'router-data', concurrency: 3 },
];
const pool = spec('routers', { concurrency: 5, targetWaitMs: 30_000, lanes });
const now = 1_000_000;

test('lanes: the pool needs what its neediest queue needs at that queue’s own limit', () => {
  // 30 ready + 3 running data pulls at 3 s a job (one per slot per 3 s): 33 / (1/3 × 30 s)
  // = 3.3 slots; at 3 a process, 2 processes — though the pool's 5 slots would suggest 1.
  const { need, rates } = laneNeeds(
    pool,
    lanes,
    signals('routers', {
      lanes: [
        {
          queue: 'router-checks',
          ready: 0,
          delayed: 0,
          delayedDue: 0,
          reserved: 0,
          oldestWaitMs: null,
          arrivalsPerSec: 1,
          completionsPerSec: 1,
        },
        {
          queue: 'router-data',
          ready: 30,
          delayed: 0,
          delayedDue: 0,
          reserved: 3,
          oldestWaitMs: 20_000,
          arrivalsPerSec: 0,
          completionsPerSec: 1,
        },
      ],
    }),
    {},
    now,
  );
  assert.equal(need.processes, 2);
  assert.match(need.why, /^router-data: 30 ready, 3 running at 3 s a job need 2 processes/);
  assert.deepEqual(Object.keys(rates), ['router-checks', 'router-data']);
});

test('lanes: a queue nobody reported on is idle', () => {
  const { need } = laneNeeds(pool, lanes, signals('routers', { lanes: [] }), {}, now);
  assert.equal(need.processes, 1);
  assert.equal(need.late, false);
});
