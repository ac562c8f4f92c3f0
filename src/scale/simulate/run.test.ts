import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolConfig } from '../../config/test-support/pool-config.js';
import type { PoolConfig } from '../../config/types.js';
import { simulate } from './run.js';
import { parseTrace } from './trace.js';

const MiB = 1024 * 1024;
// Processes take jobs as soon as they are spawned (startsecs 0), so waits are easy to count.
const pool = (name: string, overrides: Partial<PoolConfig> = {}) =>
  poolConfig(name, { startsecsMs: 0, ...overrides });
const autoscaled = (min: number, max: number): Partial<PoolConfig> => ({
  processes: min,
  autoscale: { min, max, upCooldownMs: 5_000, downWindowMs: 60_000, downCooldownMs: 15_000 },
  targetWaitMs: 5_000,
});

function run(
  pools: PoolConfig[],
  csv: string,
  budgetBytes: number | null = null,
  header = 'time,queue,jobs,service',
) {
  return simulate({
    label: 'test',
    pools,
    sampleIntervalMs: 1000,
    budgetBytes,
    memoryBytes: new Map(pools.map((pool) => [pool.name, 45 * MiB])),
    crewBytes: 20 * MiB,
    otherBytes: 0,
    trace: parseTrace(`${header}\n${csv}`, 'test.csv'),
    tailMs: 300_000,
    logDecisions: true,
  });
}

test('simulate: one worker runs jobs one after another, first in first out', () => {
  const result = run([pool('q')], '0,q,3,1\n');
  const q = result.queues[0]!;
  assert.deepEqual([q.arrived, q.done, q.left], [3, 3, 0]);
  assert.deepEqual(q.wait, { p50Ms: 1000, p95Ms: 2000, maxMs: 2000 });
  assert.deepEqual(q.pools, ['q']);
});

test('simulate: a pool serves its queues in order; delayed jobs wait for their time', () => {
  const worker = pool('w', { argv: ['php', 'artisan', 'queue:work', '--queue=high,low'] });
  // Busy until 1 s; then the later high job goes before the earlier low one.
  const result = run([worker], '0,high,1,1\n0.1,low,1,1\n0.2,high,1,1\n');
  const byQueue = Object.fromEntries(result.queues.map((q) => [q.queue, q]));
  assert.equal(byQueue.high!.wait!.maxMs, 800);
  assert.equal(byQueue.low!.wait!.maxMs, 1900);
  const delayed = run([pool('q')], '0,q,1,1,30\n', null, 'time,queue,jobs,service,delay');
  assert.deepEqual([delayed.queues[0]!.done, delayed.queues[0]!.wait!.maxMs], [1, 0]);
});

test('simulate: a backlog scales an autoscaled pool up, and it scales back down to min', () => {
  const fixed = run([pool('q')], '0,q,60,1\n');
  const scaled = run([pool('q', autoscaled(1, 4))], '0,q,60,1\n');
  assert.ok(scaled.queues[0]!.wait!.maxMs < fixed.queues[0]!.wait!.maxMs / 2);
  assert.equal(scaled.pools[0]!.peakProcesses, 4);
  assert.match(scaled.decisionLog[0]!, /^00:00:0\d q 1→2: /);
  assert.match(scaled.decisionLog.at(-1)!, / q 2→1: /);
});

test('simulate: the budget caps the pool, and the container never goes over it', () => {
  // 20 MiB crew + 45 MiB each: 150 MiB holds two processes.
  const result = run([pool('q', autoscaled(1, 4))], '0,q,60,1\n', 150 * MiB);
  assert.equal(result.pools[0]!.peakProcesses, 2);
  assert.equal(result.memory.overBudgetMs, 0);
  assert.equal(result.memory.peakBytes, 110 * MiB);
});

test('simulate: the same input gives the same result', () => {
  const csv = '0,q,30,0.7\n12.5,q,9,2\n40,q,50,0.2\n';
  const pools = [pool('q', autoscaled(0, 3))];
  assert.deepEqual(run(pools, csv, 200 * MiB), run(pools, csv, 200 * MiB));
});

test('simulate: a handler pool runs its concurrency at once, each queue within its own limit', () => {
  const worker = {
    store: 'sqlite:/tmp/x.db',
    handlers: '/app/jobs.js',
    queues: ['a', 'b'],
    concurrency: 3,
    perQueue: { a: 1, b: 2 },
    tries: 3,
    backoffSec: [1],
    timeoutMs: 60_000,
    timeoutGraceMs: 5_000,
    leaseMs: 60_000,
    maxStalls: 1,
    pollMs: 1_000,
    maxJobs: null,
  };
  const result = run([pool('w', { worker })], '0,a,3,1\n0,b,3,1\n');
  const byQueue = Object.fromEntries(result.queues.map((q) => [q.queue, q.wait]));
  // a: one at a time (0, 1, 2 s); b: two at a time (0, 0, 1 s).
  assert.deepEqual(byQueue.a, { p50Ms: 1000, p95Ms: 2000, maxMs: 2000 });
  assert.deepEqual(byQueue.b, { p50Ms: 0, p95Ms: 1000, maxMs: 1000 });
});
