import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSupervisor } from '../supervise/supervisor.js';
import {
  captureOutput,
  fixture,
  removeDir,
  testConfig,
  testPool,
} from '../supervise/test-support/fixtures.js';
import { createTestApi } from './test-support/test-api.js';

const config = testConfig([
  testPool('scaled', fixture('forever.js'), {
    autoscale: { min: 1, max: 3, upCooldownMs: 0, downWindowMs: 0, downCooldownMs: 0 },
    targetWaitMs: 5_000,
  }),
  testPool('fixed', fixture('forever.js')),
]);
const supervisor = createSupervisor({ config, outputTargets: captureOutput() });
const pins: [string, number | null][] = [];
const { call } = createTestApi(supervisor, {
  pin: (pool, count) => pins.push([pool, count]),
});

after(async () => {
  await supervisor.shutdown();
  removeDir(config.runDir);
});

test('scale pins an autoscaled pool, auto unpins it, and unknown pools are refused', async () => {
  assert.deepEqual(await call('scale', { pool: 'scaled', count: 2 }), {
    from: 1,
    to: 2,
    pinned: true,
  });
  assert.deepEqual(await call('scale', { pool: 'fixed', count: 2 }), {
    from: 1,
    to: 2,
    pinned: false,
  });
  assert.deepEqual(await call('scale', { pool: 'scaled', count: 'auto' }), {
    from: 2,
    to: 2,
    pinned: false,
  });
  assert.deepEqual(pins, [
    ['scaled', 2],
    ['fixed', 2],
    ['scaled', null],
  ]);
  await assert.rejects(call('scale', { pool: 'ghost', count: 'auto' }), {
    code: 'CREW_POOL_NOT_FOUND',
  });
  await assert.rejects(call('scale', { pool: 'scaled', count: 'many' }), {
    code: 'CREW_USAGE',
  });
});
