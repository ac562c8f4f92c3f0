import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBlocked } from './watchdog.js';

test('a worker is blocked only once its last hard deadline has passed', () => {
  const workers = new Map([
    ['idle_00', { pid: 10, hardDeadline: null }],
    ['busy_00', { pid: 11, hardDeadline: 10_000 }],
    ['busy_01', { pid: 12, hardDeadline: 9_000 }],
  ]);
  assert.deepEqual(findBlocked(workers, 9_000), []);
  assert.deepEqual(findBlocked(workers, 9_001), [{ name: 'busy_01', pid: 12 }]);
  assert.deepEqual(
    findBlocked(workers, 10_001).map((w) => w.name),
    ['busy_00', 'busy_01'],
  );
});
