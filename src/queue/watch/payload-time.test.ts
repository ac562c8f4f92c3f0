import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readyAtFromPayload } from './payload-time.js';

test('reads when a Laravel Redis payload became ready', () => {
  const cases: [string, unknown, number | null][] = [
    [
      'Laravel 12: createdAt',
      { createdAt: 1_700_000_000, delay: null, attempts: 0 },
      1_700_000_000_000,
    ],
    [
      'Laravel 12: createdAt plus delay',
      { createdAt: 1_700_000_000, delay: 30 },
      1_700_000_030_000,
    ],
    ['Horizon: pushedAt string', { pushedAt: '1700000000.1234', attempts: 0 }, 1_700_000_000_123],
    ['Horizon: pushedAt number', { pushedAt: 1_700_000_000.5 }, 1_700_000_000_500],
    [
      'pushedAt wins over createdAt',
      { pushedAt: '1700000001', createdAt: 1_700_000_000 },
      1_700_000_001_000,
    ],
    ['a negative delay is ignored', { createdAt: 1_700_000_000, delay: -5 }, 1_700_000_000_000],
    ['Laravel before 12: no stamp', { job: 'App\\Jobs\\Charge', attempts: 0 }, null],
    ['retried: stamps tell the first push', { createdAt: 1_700_000_000, attempts: 1 }, null],
    ['retried, attempts as a string', { createdAt: 1_700_000_000, attempts: '2' }, null],
    ['a stamp that is not a number', { pushedAt: 'yesterday' }, null],
    ['an empty stamp', { pushedAt: '' }, null],
    ['zero', { createdAt: 0 }, null],
    ['not an object', 42, null],
    ['null', null, null],
  ];
  for (const [name, payload, expected] of cases) {
    assert.equal(readyAtFromPayload(JSON.stringify(payload)), expected, name);
  }
  assert.equal(readyAtFromPayload('{not json'), null, 'not JSON');
});
