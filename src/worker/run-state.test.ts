import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttemptDecision } from './attempt.js';
import {
  type AbortReason,
  claimedRun,
  isActive,
  type RunAction,
  type RunEvent,
  type RunLife,
  type RunRules,
  type RunState,
  transition,
} from './run-state.js';

const rules: RunRules = {
  attempts: 1,
  retry: { tries: 3, backoffSec: [5] },
  timeoutMs: 1000,
  graceMs: 500,
};
const lastTry: Partial<RunRules> = { attempts: 3 };

const at = (state: RunState, leaseLost = false): RunLife => ({ state, leaseLost });
const started: RunEvent = { type: 'started' };
const returned: RunEvent = { type: 'returned' };
const threw: RunEvent = { type: 'threw', error: 'boom' };
const timeout: RunEvent = { type: 'timeout' };
const grace: RunEvent = { type: 'grace-elapsed' };
const leaseLost: RunEvent = { type: 'lease-lost' };
const putBack: RunEvent = { type: 'put-back' };

const complete: AttemptDecision = { kind: 'complete' };
const thrown =
  'NonErrorThrown: the handler threw string "boom" (not an Error, so there is no stack)';
const retryThrew: AttemptDecision = { kind: 'retry', delaySec: 5, reason: thrown };
const failThrew: AttemptDecision = { kind: 'fail', exception: `${thrown} (attempt 3 of 3)` };
const tooLong = 'JobTimedOut: the job ran longer than its timeout of 1 s';
const retryTimedOut: AttemptDecision = { kind: 'retry', delaySec: 5, reason: tooLong };
const failTimedOut: AttemptDecision = { kind: 'fail', exception: `${tooLong} (attempt 3 of 3)` };

const clear: RunAction = { type: 'clear-timers' };
const free: RunAction = { type: 'free-slot' };
const recycle: RunAction = { type: 'request-recycle' };
const release: RunAction = { type: 'release' };
const armGrace: RunAction = { type: 'arm-grace', ms: 500 };
const abort = (reason: AbortReason): RunAction => ({ type: 'abort', reason });
const tally = (decision: AttemptDecision): RunAction => ({ type: 'tally', decision });
const write = (decision: AttemptDecision): RunAction => ({ type: 'write', decision });
const ended = (decision: AttemptDecision) => [clear, free, tally(decision), write(decision)];
// Lease lost: counted, never written.
const endedLost = (decision: AttemptDecision) => [clear, free, tally(decision)];

type Row = [string, RunLife, RunEvent, RunLife, RunAction[], Partial<RunRules>?];

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
  [
    'lease lost while running aborts the signal',
    at('running'),
    leaseLost,
    at('running', true),
    [abort('lease-lost')],
  ],
  [
    'lease lost while timed out: the signal fired already',
    at('timed-out'),
    leaseLost,
    at('timed-out', true),
    [],
  ],
  ['lease lost twice does nothing more', at('running', true), leaseLost, at('running', true), []],
  [
    'lease lost then handler throws → nothing written',
    at('running', true),
    threw,
    at('lost', true),
    endedLost(retryThrew),
  ],
  [
    'lease lost then handler returns → nothing written',
    at('running', true),
    returned,
    at('lost', true),
    endedLost(complete),
  ],
  [
    'lease lost then timeout: grace armed, no second abort',
    at('running', true),
    timeout,
    at('timed-out', true),
    [armGrace],
  ],
  [
    'lease lost then grace elapsed → abandoned, nothing written',
    at('timed-out', true),
    grace,
    at('abandoned', true),
    [clear, free, recycle, tally(retryTimedOut)],
  ],
  [
    'drain deadline puts the job back',
    at('running'),
    putBack,
    at('released'),
    [clear, abort('stopping'), free, release],
  ],
  [
    'drain deadline while timed out: no second abort',
    at('timed-out'),
    putBack,
    at('released'),
    [clear, free, release],
  ],
  [
    'drain deadline after the lease was lost: not ours',
    at('running', true),
    putBack,
    at('running', true),
    [],
  ],
  ['drain deadline before the handler started does nothing', claimedRun, putBack, claimedRun, []],
  [
    'handler returns after put back → nothing written',
    at('released'),
    returned,
    at('released'),
    [],
  ],
  ['handler throws after put back → nothing written', at('released'), threw, at('released'), []],
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

for (const [name, life, event, next, actions, overrides] of table) {
  test(`run transition: ${name}`, () => {
    const result = transition(life, event, { ...rules, ...overrides });
    assert.deepEqual(result.next, next);
    assert.deepEqual(result.actions, actions);
  });
}

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
