import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolConfig } from '../config/test-support/pool-config.js';
import type { PoolConfig, WorkerConfig } from '../config/types.js';
import { parseTrace } from '../scale/simulate/trace.js';
import { processesBySecond } from './load.js';
import { recommend } from './recommend.js';

const MiB = 1024 * 1024;
const pool = (name: string, overrides: Partial<PoolConfig> = {}) =>
  poolConfig(name, { targetWaitMs: 10_000, ...overrides });
const memory = (pools: readonly PoolConfig[]) =>
  new Map(pools.map((p) => [p.name, 45 * MiB] as const));

// Every 10 s, `a` gets one 2 s job; at 100 s a burst of 50 s of work arrives at once.
const trace = parseTrace(
  [
    'time,queue,jobs,service',
    ...Array.from({ length: 30 }, (_, i) => `${i * 10},a,1,2`),
    '100,a,25,2',
    '0,b,1,1',
  ].join('\n'),
  't.csv',
);

test('plan: the load in processes, second by second', () => {
  const needs = processesBySecond([pool('a')], trace).get('a')!;
  // At 5 s: 2 s of work in the last 10 s → 0.2 (the minute's 2 s at 80 % is less).
  assert.ok(Math.abs(needs[5]! - 0.2) < 1e-9);
  // At 100 s: 52 s of work in the last 10 s → 5.2.
  assert.ok(Math.abs(needs[100]! - 5.2) < 1e-9);
});

test('plan: a pool with per-queue limits needs what its neediest queue needs at its limit', () => {
  const worker: WorkerConfig = {
    store: 'sqlite:/tmp/x.db',
    handlers: '/app/jobs.js',
    queues: ['a', 'b'],
    concurrency: 5,
    perQueue: { a: 2, b: 3 },
    tries: 3,
    backoffSec: [1],
    timeoutMs: 60_000,
    timeoutGraceMs: 5_000,
    leaseMs: 60_000,
    maxStalls: 1,
    pollMs: 1_000,
    maxJobs: null,
  };
  const needs = processesBySecond([pool('w', { worker })], trace).get('w')!;
  // At 100 s: queue a's 5.2 slots at 2 a process.
  assert.ok(Math.abs(needs[100]! - 2.6) < 1e-9);
});

test('plan: min from the typical second, max from the busiest, within the budget', () => {
  const pools = [pool('a', { priority: 10 }), pool('b', { priority: 20 })];
  const processes = processesBySecond(pools, trace);
  const free = recommend({ pools, processes, memoryBytes: memory(pools), poolBudgetBytes: null });
  assert.deepEqual(
    free.map((r) => [r.pool, r.min, r.max]),
    [
      ['a', 1, 6],
      ['b', 0, 1],
    ],
  );
  // 180 MiB: a's min and three more processes.
  const tight = recommend({
    pools,
    processes,
    memoryBytes: memory(pools),
    poolBudgetBytes: 180 * MiB,
  });
  assert.deepEqual(
    tight.map((r) => [r.pool, r.min, r.max, r.neverRuns]),
    [
      ['a', 1, 4, false],
      ['b', 0, 1, false],
    ],
  );
});

test('plan: a critical pool keeps its floor; a pool left no room never runs, and says so', () => {
  const pools = [
    pool('a', { priority: 10, critical: true, processes: 4 }),
    pool('b', { priority: 20, argv: ['x', '--queue=a'] }),
  ];
  const plan = recommend({
    pools,
    processes: processesBySecond(pools, trace),
    memoryBytes: memory(pools),
    poolBudgetBytes: 100 * MiB,
  });
  assert.deepEqual(
    plan.map((r) => [r.pool, r.min, r.max, r.neverRuns]),
    [
      // A fixed critical pool's floor is 2 of its 4.
      ['a', 2, 2, false],
      ['b', 0, 0, true],
    ],
  );
});
