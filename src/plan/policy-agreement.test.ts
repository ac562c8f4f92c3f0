// The live policy (decide), `crew simulate` (its tick) and `crew plan` (its recommendation) size
// a pool with one need (scale/need.ts) and share a budget with one fit (scale/budget-fit.ts):
// given the same load they must agree on the processes it needs and on what the budget grants.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolConfig } from '../config/test-support/pool-config.js';
import type { PoolConfig } from '../config/types.js';
import { decide, type PolicyResult } from '../scale/decide.js';
import { specOfPool } from '../scale/pool-spec.js';
import { simulate } from '../scale/simulate/run.js';
import { parseTrace } from '../scale/simulate/trace.js';
import { initialPolicyState } from '../scale/state.js';
import { processesBySecond } from './load.js';
import { recommend } from './recommend.js';

const MiB = 1024 * 1024;
const CREW = 20 * MiB;
const COST = 100 * MiB;
const SECONDS = 300;
// The moment compared: long after the one-minute rate windows have filled.
const AT_SEC = 200;

const autoscaled = (name: string, min: number, max: number, priority: number): PoolConfig =>
  poolConfig(name, {
    processes: min,
    autoscale: { min, max, upCooldownMs: 5_000, downWindowMs: 60_000, downCooldownMs: 15_000 },
    targetWaitMs: 10_000,
    startsecsMs: 0,
    priority,
    expectMemoryBytes: COST,
  });

// `a` gets 3 one-second jobs every second: 3 / (1 job/s per slot × 80 %) = 3.75 slots → 4
// processes, the keep bound (the clear bound, 3 s of running work over a 10 s target, is less).
// `b` has no work and holds its min of 1.
const pools = [autoscaled('a', 1, 8, 1), autoscaled('b', 1, 2, 2)];
const trace = parseTrace(
  ['time,queue,jobs,service', ...Array.from({ length: SECONDS }, (_, s) => `${s},a,3,1`)].join(
    '\n',
  ),
  'steady.csv',
);

// The live policy, told what a watcher reports of that load with `current` processes of `a`.
function live(current: number, budgetBytes: number | null): PolicyResult {
  const signals = {
    pool: 'a',
    processes: current,
    ready: 0,
    delayed: 0,
    delayedDue: 0,
    reserved: 3,
    oldestWaitMs: null,
    arrivalsPerSec: 3,
    completionsPerSec: 3,
    busyFraction: null,
    pssSamplesBytes: [COST],
    processPss: [],
  };
  const memory = { budgetBytes, usedBytes: null, crewBytes: CREW, otherBytes: 0 };
  return decide(
    pools.map((pool) => specOfPool(pool)),
    initialPolicyState,
    [signals],
    memory,
    0,
  );
}

// The simulator's tick at AT_SEC on the trace.
function simulated(budgetBytes: number | null): PolicyResult {
  let found: PolicyResult | null = null;
  simulate({
    label: 'agreement',
    pools,
    sampleIntervalMs: 1000,
    budgetBytes,
    memoryBytes: new Map(pools.map((pool) => [pool.name, COST])),
    crewBytes: CREW,
    otherBytes: 0,
    trace,
    tailMs: 0,
    onTick: (at, result) => {
      if (at === AT_SEC * 1000) found = result;
    },
  });
  assert.ok(found, 'the simulation ticked at the moment compared');
  return found;
}

const poolOf = (result: PolicyResult, name: string) => result.pools.find((p) => p.pool === name)!;

test('the live policy, the simulator and the plan need the same processes for the same load', () => {
  const planned = processesBySecond(pools, trace).get('a')!;
  assert.ok(Math.abs(planned[AT_SEC]! - 3.75) < 1e-9);
  const recommended = recommend({
    pools,
    processes: processesBySecond(pools, trace),
    memoryBytes: new Map(pools.map((pool) => [pool.name, COST])),
    poolBudgetBytes: null,
  });
  assert.equal(poolOf(live(4, null), 'a').needed, 4);
  assert.equal(poolOf(simulated(null), 'a').needed, 4);
  assert.equal(recommended.find((r) => r.pool === 'a')!.max, 4);
});

test('the live policy, the simulator and the plan fit the same processes into the budget', () => {
  // Room for crew, b's min and 3 of a's processes: one short of the 4 a needs.
  const budgetBytes = CREW + COST + 3 * COST;
  const recommended = recommend({
    pools,
    processes: processesBySecond(pools, trace),
    memoryBytes: new Map(pools.map((pool) => [pool.name, COST])),
    poolBudgetBytes: budgetBytes - CREW,
  });
  const a = recommended.find((r) => r.pool === 'a')!;
  assert.deepEqual([a.min, a.max], [3, 3]);
  assert.match(a.note ?? '', /room for 3 of the 4/);
  for (const result of [live(3, budgetBytes), simulated(budgetBytes)]) {
    const pool = poolOf(result, 'a');
    assert.deepEqual([pool.needed, pool.desired, pool.shortfall], [4, a.max, 1]);
    assert.equal(poolOf(result, 'b').desired, 1);
  }
});
