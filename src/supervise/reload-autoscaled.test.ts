import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { PoolConfig } from '../config/types.js';
import {
  fixture,
  stopTestSupervisors,
  superviseTest,
  testConfig,
  testPool,
} from './test-support/fixtures.js';

after(stopTestSupervisors);

const range = (min: number, max: number): Partial<PoolConfig> => ({
  processes: min,
  autoscale: { min, max, upCooldownMs: 5_000, downWindowMs: 60_000, downCooldownMs: 15_000 },
  targetWaitMs: 10_000,
});

test('a reload keeps what the autoscaler gave a pool, brought within the new range', async () => {
  const { supervisor, config } = superviseTest([testPool('q', fixture('forever.js'), range(1, 4))]);
  supervisor.start();
  await supervisor.scale('q', 3, 'the policy');
  const reload = (min: number, max: number) =>
    supervisor.apply(
      testConfig([testPool('q', fixture('forever.js'), range(min, max))], config.runDir),
    );
  assert.deepEqual(await reload(1, 5), ['q: changed processes 1..4→1..5']);
  assert.equal(supervisor.pools()[0]!.processes().length, 3);
  await reload(1, 2);
  assert.equal(supervisor.pools()[0]!.processes().length, 2);
  await reload(4, 6);
  assert.equal(supervisor.pools()[0]!.processes().length, 4);
});
