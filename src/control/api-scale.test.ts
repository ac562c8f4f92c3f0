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
import { createApi, type StreamSink } from './api.js';

const config = testConfig([
  testPool('scaled', fixture('forever.js'), {
    autoscale: { min: 1, max: 3, upCooldownMs: 0, downWindowMs: 0, downCooldownMs: 0 },
    targetWaitMs: 5_000,
  }),
  testPool('fixed', fixture('forever.js')),
]);
const supervisor = createSupervisor({ config, outputTargets: captureOutput() });
const pins: [string, number | null][] = [];
const api = createApi({
  supervisor,
  now: Date.now,
  memoryOf: async () => new Map(),
  stats: async () => ({}),
  reload: async () => ({ version: null, changes: [] }),
  history: () => [],
  rollback: async () => ({ version: null, changes: [] }),
  shutdown: () => {},
  pin: (pool, count) => pins.push([pool, count]),
});
const noSink: StreamSink = { data: () => {}, onClose: () => {} };

after(async () => {
  await supervisor.shutdown();
  removeDir(config.runDir);
});

test('scale pins an autoscaled pool, auto unpins it, and unknown pools are refused', async () => {
  assert.deepEqual(await api.scale!({ pool: 'scaled', count: 2 }, noSink), {
    from: 1,
    to: 2,
    pinned: true,
  });
  assert.deepEqual(await api.scale!({ pool: 'fixed', count: 2 }, noSink), {
    from: 1,
    to: 2,
    pinned: false,
  });
  assert.deepEqual(await api.scale!({ pool: 'scaled', count: 'auto' }, noSink), {
    from: 2,
    to: 2,
    pinned: false,
  });
  assert.deepEqual(pins, [
    ['scaled', 2],
    ['fixed', 2],
    ['scaled', null],
  ]);
  await assert.rejects(api.scale!({ pool: 'ghost', count: 'auto' }, noSink), {
    code: 'CREW_POOL_NOT_FOUND',
  });
  await assert.rejects(api.scale!({ pool: 'scaled', count: 'many' }, noSink), {
    code: 'CREW_USAGE',
  });
});
