import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attemptsExhausted, backoffFor, decideAttempt, describeError } from './attempt.js';

const payments = { tries: 3, backoffSec: [10, 30, 60] };
const provisioning = { tries: 5, backoffSec: [5, 15, 30, 60, 120] };

test('success completes the job', () => {
  assert.deepEqual(decideAttempt({ kind: 'succeeded' }, 1, payments), { kind: 'complete' });
});

test('a failure is retried with the backoff for that attempt, the last value repeating', () => {
  const rows: [typeof payments, number, number][] = [
    [payments, 1, 10],
    [payments, 2, 30],
    [provisioning, 1, 5],
    [provisioning, 4, 60],
    [{ tries: 9, backoffSec: [5, 15] }, 6, 15],
    [{ tries: 9, backoffSec: [] }, 3, 0],
  ];
  for (const [rules, attempts, delaySec] of rows) {
    const decision = decideAttempt({ kind: 'threw', error: new Error('down') }, attempts, rules);
    assert.equal(decision.kind, 'retry');
    assert.equal(decision.kind === 'retry' && decision.delaySec, delaySec);
    assert.equal(backoffFor(rules, attempts), delaySec);
  }
});

test('the last attempt fails the job with the error and its stack', () => {
  const decision = decideAttempt({ kind: 'threw', error: new TypeError('bad card') }, 3, payments);
  assert.equal(decision.kind, 'fail');
  assert.match(decision.kind === 'fail' ? decision.exception : '', /^TypeError: bad card\n\s+at /);
  assert.match(decision.kind === 'fail' ? decision.exception : '', /attempt 3 of 3/);
});

test('a timeout counts as a failed attempt', () => {
  const retry = decideAttempt({ kind: 'timed-out', timeoutMs: 2500 }, 1, payments);
  assert.deepEqual(retry, {
    kind: 'retry',
    delaySec: 10,
    reason: 'JobTimedOut: the job ran longer than its timeout of 2.5 s',
  });
  const fail = decideAttempt({ kind: 'timed-out', timeoutMs: 2500 }, 1, {
    tries: 1,
    backoffSec: [],
  });
  assert.equal(fail.kind, 'fail');
});

test('non-Error throws are described, never crash the description', () => {
  assert.match(describeError('nope'), /NonErrorThrown: the handler threw string "nope"/);
  assert.match(describeError(undefined), /threw undefined undefined/);
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.match(describeError(circular), /threw object \[object Object\]/);
  assert.match(
    describeError(new Error('outer', { cause: new Error('inner') })),
    /Caused by: Error: inner/,
  );
});

test('a job re-delivered past its tries is exhausted', () => {
  assert.equal(attemptsExhausted(3, 3), null);
  assert.match(attemptsExhausted(4, 3) ?? '', /attempted too many times \(3 of 3\)/);
});
