// The room `crew plan` gives an FPM pool: the pool budget less every other pool at its floor and
// cost, from the autoscaler's latest tick, or without one from the latest memory report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crewConfig, poolConfig } from '../config/test-support/pool-config.js';
import type { FpmPoolView } from '../config/types.js';
import type { StatsReport } from '../control/wire/memory.js';
import { emptyFpmReadings } from '../fpm/watch/fpm-readings.js';
import { fpmPlanOf, planBudgetFromStats } from './fpm-watch.js';

const MiB = 1024 ** 2;
const view: FpmPoolView = {
  name: 'www',
  pm: 'dynamic',
  maxChildren: 10,
  startServers: 2,
  minSpareServers: 1,
  maxSpareServers: 3,
  maxRequests: 500,
  processIdleTimeoutMs: 10_000,
  statusListen: '/run/www.sock',
  statusPath: '/status',
  pingPath: null,
  maxChildrenAt: { file: '/etc/php/8.2/fpm/pool.d/www.conf', line: 113 },
};
const states = [{ pool: 'web', view, readings: emptyFpmReadings, unread: null }];
const config = crewConfig([
  poolConfig('web', { expectMemoryBytes: 45 * MiB }),
  poolConfig('payments'),
]);

test('room: the pool budget less the other pools at their floors; without a budget, none', () => {
  const budget = {
    poolBudgetBytes: 300 * MiB,
    pools: [
      { pool: 'payments', min: 2, costBytes: 48 * MiB },
      { pool: 'web', min: 1, costBytes: 400 * MiB },
      { pool: 'default', min: 0, costBytes: 40 * MiB },
    ],
  };
  const [www] = fpmPlanOf(states, config, budget).pools;
  assert.equal(www!.room_bytes, 204 * MiB);
  // Nothing measured yet: a child is the pool's expect_memory.
  assert.equal(www!.child_bytes, 45 * MiB);
  assert.equal(
    fpmPlanOf(states, config, { ...budget, poolBudgetBytes: null }).pools[0]!.room_bytes,
    null,
  );
});

test('without an autoscaler tick: the budget less crew and other, each pool at what it holds', () => {
  const stats = {
    budget: { budget_bytes: 400 * MiB, parts: { pools: 0, crew: 20 * MiB, other: 30 * MiB } },
    pools: [
      { name: 'web', pss_bytes: 60 * MiB },
      { name: 'payments', pss_bytes: 96 * MiB },
    ],
  } as unknown as StatsReport;
  const budget = planBudgetFromStats(stats);
  assert.equal(budget.poolBudgetBytes, 350 * MiB);
  assert.equal(fpmPlanOf(states, config, budget).pools[0]!.room_bytes, 254 * MiB);
});
