import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countRedisQueue, parseQueueReplies, type RedisQueueReplies } from './redis-counts.js';

const NOW = 1_700_000_000_500;
const empty: RedisQueueReplies = {
  listLength: 0,
  head: null,
  delayedTotal: 0,
  delayedDue: 0,
  oldestDueSec: null,
  reservedTotal: 0,
  reservedExpired: 0,
  oldestExpiredSec: null,
};

test('due delayed jobs and expired reservations count as ready', () => {
  const cases: [string, Partial<RedisQueueReplies>, [number, number, number, number | null]][] = [
    ['nothing', {}, [0, 0, 0, null]],
    ['a list without stamps', { listLength: 3, head: '{}' }, [3, 0, 0, null]],
    [
      'a stamped head',
      { listLength: 1, head: JSON.stringify({ createdAt: 1_699_999_990 }) },
      [1, 0, 0, 10_500],
    ],
    ['future delayed only', { delayedTotal: 2 }, [0, 2, 0, null]],
    [
      'one delayed due',
      { delayedTotal: 2, delayedDue: 1, oldestDueSec: 1_699_999_999 },
      [1, 1, 0, 1_500],
    ],
    ['held reservations', { reservedTotal: 2 }, [0, 0, 2, null]],
    [
      'an expired reservation',
      { reservedTotal: 2, reservedExpired: 1, oldestExpiredSec: 1_699_999_980 },
      [1, 0, 1, 20_500],
    ],
    [
      'the longest known wait wins',
      {
        listLength: 1,
        head: JSON.stringify({ createdAt: 1_699_999_970 }),
        delayedTotal: 1,
        delayedDue: 1,
        oldestDueSec: 1_699_999_990,
      },
      [2, 0, 0, 30_500],
    ],
    [
      'a stamp ahead of the clock waits 0',
      { listLength: 1, head: JSON.stringify({ createdAt: 1_700_000_009 }) },
      [1, 0, 0, 0],
    ],
  ];
  for (const [name, replies, [ready, delayed, reserved, oldestWaitMs]] of cases) {
    assert.deepEqual(
      countRedisQueue('q', { ...empty, ...replies }, NOW),
      { queue: 'q', ready, delayed, reserved, failed: null, oldestWaitMs },
      name,
    );
  }
});

test('replies are read in command order, and a reply of the wrong shape is refused', () => {
  assert.deepEqual(parseQueueReplies([2, '{}', 3, 1, ['p', '1699999999'], 4, 0, []]), {
    listLength: 2,
    head: '{}',
    delayedTotal: 3,
    delayedDue: 1,
    oldestDueSec: 1_699_999_999,
    reservedTotal: 4,
    reservedExpired: 0,
    oldestExpiredSec: null,
  });
  assert.throws(() => parseQueueReplies(['2', null, 0, 0, [], 0, 0, []]), /where a count/);
  assert.throws(() => parseQueueReplies([0, null, 0, 0, 'x', 0, 0, []]), /non-list/);
  assert.throws(() => parseQueueReplies([0, null, 0, 0, ['p', 'nan'], 0, 0, []]), /score/);
});
