import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  claimedRun,
  isActive,
  type RunAction,
  type RunEvent,
  type RunLife,
  transition,
} from './run-state.js';
import {
  abort,
  armGrace,
  at,
  clear,
  complete,
  ended,
  failThrew,
  failTimedOut,
  free,
  grace,
  lastTry,
  leaseLost,
  putBack,
  type Row,
  recycle,
  retryThrew,
  retryTimedOut,
  returned,
  rules,
  started,
  tally,
  testRunTransitions,
  threw,
  timeout,
  write,
} from './test-support/run-life.js';

// A run's outcomes: returned, threw, timed out, abandoned; events that come too late.
const table: Row[] = [
  [
    'started arms the timeout',
    claimedRun,
    started,
    at('running'),
    [{ type: 'arm-timeout', ms: 1000 }],
  ],
  [
    'rejected before running fails the job',
    claimedRun,
    { type: 'rejected', exception: 'UnknownJob: x' },
    at('failed'),
    ended({ kind: 'fail', exception: 'UnknownJob: x' }),
  ],
  ['handler returns → succeeded', at('running'), returned, at('succeeded'), ended(complete)],
  [
    'handler throws with tries left → retried',
    at('running'),
    threw,
    at('retried'),
    ended(retryThrew),
  ],
  [
    'handler throws on its last try → failed',
    at('running'),
    threw,
    at('failed'),
    ended(failThrew),
    lastTry,
  ],
  [
    'timeout aborts the signal, arms the grace',
    at('running'),
    timeout,
    at('timed-out'),
    [abort('timeout'), armGrace],
  ],
  [
    'timed out then handler throws quickly → timed-out outcome',
    at('timed-out'),
    threw,
    at('retried'),
    ended(retryTimedOut),
  ],
  [
    'timed out, throws on its last try → failed as timed out',
    at('timed-out'),
    threw,
    at('failed'),
    ended(failTimedOut),
    lastTry,
  ],
  [
    'timed out then handler returns within the grace → succeeded',
    at('timed-out'),
    returned,
    at('succeeded'),
    ended(complete),
  ],
  [
    'grace elapsed → abandoned: slot freed, recycle requested, timed-out outcome written',
    at('timed-out'),
    grace,
    at('abandoned'),
    [clear, free, recycle, tally(retryTimedOut), write(retryTimedOut)],
  ],
  [
    'handler returns after abandon → nothing written twice',
    at('abandoned'),
    returned,
    at('abandoned'),
    [],
  ],
  [
    'handler throws after abandon → nothing written twice',
    at('abandoned'),
    threw,
    at('abandoned'),
    [],
  ],
  ['a stale grace timer while running is ignored', at('running'), grace, at('running'), []],
  ['a timeout after success is ignored', at('succeeded'), timeout, at('succeeded'), []],
  ['a second return is ignored', at('succeeded'), returned, at('succeeded'), []],
  ['lease lost after the outcome is ignored', at('failed'), leaseLost, at('failed'), []],
  ['started twice is ignored', at('running'), started, at('running'), []],
  [
    'rejected after starting is ignored',
    at('running'),
    { type: 'rejected', exception: 'x' },
    at('running'),
    [],
  ],
];

testRunTransitions(table);

const events: RunEvent[] = [returned, threw, timeout, grace, leaseLost, putBack];

// Every sequence of events after `started`, up to five long.
function* sequences(length: number): Generator<RunEvent[]> {
  yield [];
  if (length === 0) return;
  for (const rest of sequences(length - 1)) for (const event of events) yield [event, ...rest];
}

test('in any order of events a run frees its slot once and is written or released at most once', () => {
  for (const sequence of sequences(5)) {
    let life: RunLife = transition(claimedRun, started, rules).next;
    const done: RunAction['type'][] = [];
    for (const event of sequence) {
      const result = transition(life, event, rules);
      life = result.next;
      done.push(...result.actions.map((action) => action.type));
    }
    const count = (type: RunAction['type']) => done.filter((t) => t === type).length;
    const shown = sequence.map((e) => e.type).join(', ');
    assert.ok(count('free-slot') <= 1, shown);
    assert.ok(count('tally') <= 1, shown);
    assert.ok(count('write') + count('release') <= 1, shown);
    assert.ok(count('abort') <= 1, shown);
    if (count('write') === 1) assert.equal(life.leaseLost, false, shown);
    assert.equal(count('free-slot'), isActive(life) ? 0 : 1, shown);
  }
});
