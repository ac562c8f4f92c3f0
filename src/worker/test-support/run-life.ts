// Builders for the table tests of a job run's pure transition: the rules, lives, events, the
// attempt decisions they lead to, the actions expected, and the runner for a table of rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttemptDecision } from '../attempt.js';
import {
  type AbortReason,
  type RunAction,
  type RunEvent,
  type RunLife,
  type RunRules,
  type RunState,
  transition,
} from '../run-state.js';

export const rules: RunRules = {
  attempts: 1,
  retry: { tries: 3, backoffSec: [5] },
  timeoutMs: 1000,
  graceMs: 500,
};
export const lastTry: Partial<RunRules> = { attempts: 3 };

export const at = (state: RunState, leaseLost = false): RunLife => ({ state, leaseLost });
export const started: RunEvent = { type: 'started' };
export const returned: RunEvent = { type: 'returned' };
export const threw: RunEvent = { type: 'threw', error: 'boom' };
export const timeout: RunEvent = { type: 'timeout' };
export const grace: RunEvent = { type: 'grace-elapsed' };
export const leaseLost: RunEvent = { type: 'lease-lost' };
export const putBack: RunEvent = { type: 'put-back' };

export const complete: AttemptDecision = { kind: 'complete' };
export const thrown =
  'NonErrorThrown: the handler threw string "boom" (not an Error, so there is no stack)';
export const retryThrew: AttemptDecision = { kind: 'retry', delaySec: 5, reason: thrown };
export const failThrew: AttemptDecision = { kind: 'fail', exception: `${thrown} (attempt 3 of 3)` };
export const tooLong = 'JobTimedOut: the job ran longer than its timeout of 1 s';
export const retryTimedOut: AttemptDecision = { kind: 'retry', delaySec: 5, reason: tooLong };
export const failTimedOut: AttemptDecision = {
  kind: 'fail',
  exception: `${tooLong} (attempt 3 of 3)`,
};

export const clear: RunAction = { type: 'clear-timers' };
export const free: RunAction = { type: 'free-slot' };
export const recycle: RunAction = { type: 'request-recycle' };
export const release: RunAction = { type: 'release' };
export const armGrace: RunAction = { type: 'arm-grace', ms: 500 };
export const abort = (reason: AbortReason): RunAction => ({ type: 'abort', reason });
export const tally = (decision: AttemptDecision): RunAction => ({ type: 'tally', decision });
export const write = (decision: AttemptDecision): RunAction => ({ type: 'write', decision });
export const ended = (decision: AttemptDecision) => [clear, free, tally(decision), write(decision)];
// Lease lost: counted, never written.
export const endedLost = (decision: AttemptDecision) => [clear, free, tally(decision)];

export type Row = [string, RunLife, RunEvent, RunLife, RunAction[], Partial<RunRules>?];

// One test per row: the transition from the row's life on its event, under the rules with the
// row's overrides, lands in the row's next life with exactly the row's actions.
export function testRunTransitions(table: readonly Row[]): void {
  for (const [name, life, event, next, actions, overrides] of table) {
    test(`run transition: ${name}`, () => {
      const result = transition(life, event, { ...rules, ...overrides });
      assert.deepEqual(result.next, next);
      assert.deepEqual(result.actions, actions);
    });
  }
}
