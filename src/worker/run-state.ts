// One job run's life in the worker host, in one pure function.
//
//   claimed   --started--> running (arm the timeout)
//   claimed   --rejected (bad payload, no handler, attempts used up)--> failed
//   running   --returned--> succeeded;  --threw--> retried | failed (decideAttempt)
//   running   --timeout--> timed-out (abort the signal, arm the grace timer)
//   timed-out --threw--> retried | failed, as timed out;  --returned (within the grace)--> succeeded
//   timed-out --grace-elapsed--> abandoned (slot given up, timed-out outcome, recycle requested)
//   running|timed-out --lease-lost--> same state with the lease lost (signal aborted); the
//                        handler settling then ends in lost: counted, nothing written
//   running|timed-out --put-back (drain deadline)--> released (signal aborted, job put back)
//   abandoned and every outcome ignore later events, so a late handler writes nothing twice.
// Every outcome clears the run's timers and frees its slot.
import {
  type AttemptDecision,
  decideAttempt,
  type RetryRules,
  type RunOutcome,
} from './attempt.js';

export type RunState =
  | 'claimed'
  | 'running'
  | 'timed-out'
  | 'abandoned'
  | 'succeeded'
  | 'retried'
  | 'failed'
  | 'released'
  | 'lost';

export type RunEvent =
  | { readonly type: 'started' }
  | { readonly type: 'rejected'; readonly exception: string }
  | { readonly type: 'returned' }
  | { readonly type: 'threw'; readonly error: unknown }
  | { readonly type: 'timeout' }
  | { readonly type: 'grace-elapsed' }
  | { readonly type: 'lease-lost' }
  | { readonly type: 'put-back' };

export type AbortReason = 'timeout' | 'lease-lost' | 'stopping';

export type RunAction =
  | { readonly type: 'arm-timeout'; readonly ms: number }
  | { readonly type: 'arm-grace'; readonly ms: number }
  | { readonly type: 'abort'; readonly reason: AbortReason }
  | { readonly type: 'clear-timers' }
  | { readonly type: 'free-slot' }
  | { readonly type: 'request-recycle' }
  // Counted in the report and towards max_jobs, written or not.
  | { readonly type: 'tally'; readonly decision: AttemptDecision }
  | { readonly type: 'write'; readonly decision: AttemptDecision }
  | { readonly type: 'release' };

export interface RunRules {
  // Attempts of the job, this run included.
  readonly attempts: number;
  readonly retry: RetryRules;
  readonly timeoutMs: number;
  readonly graceMs: number;
}

export interface RunLife {
  readonly state: RunState;
  // Renewal found another holder: the job is no longer this run's to write.
  readonly leaseLost: boolean;
}

export interface RunTransition {
  readonly next: RunLife;
  readonly actions: readonly RunAction[];
}

export const claimedRun: RunLife = { state: 'claimed', leaseLost: false };

// True while the handler may still be running on the run's slot.
export function isActive(life: RunLife): boolean {
  return life.state === 'running' || life.state === 'timed-out';
}

// Decides the next state of a run and the effects to perform for one event.
export function transition(life: RunLife, event: RunEvent, rules: RunRules): RunTransition {
  // Built only where needed: a worker runs thousands of these a second.
  const active = isActive(life);
  // The signal has fired already: at the timeout, or when the lease was lost.
  const aborted = life.state === 'timed-out' || life.leaseLost;

  switch (event.type) {
    case 'started':
      return life.state === 'claimed'
        ? { next: runningRun, actions: [{ type: 'arm-timeout', ms: rules.timeoutMs }] }
        : stayed(life);
    case 'rejected':
      return life.state === 'claimed'
        ? settle(life, { kind: 'fail', exception: event.exception })
        : stayed(life);
    case 'returned':
      return active ? settle(life, decide(rules, succeeded)) : stayed(life);
    case 'threw':
      if (!active) return stayed(life);
      return settle(
        life,
        decide(
          rules,
          life.state === 'timed-out' ? timedOut(rules) : { kind: 'threw', error: event.error },
        ),
      );
    case 'timeout':
      if (life.state !== 'running') return stayed(life);
      return {
        next: { ...life, state: 'timed-out' },
        actions: [...abort(aborted, 'timeout'), { type: 'arm-grace', ms: rules.graceMs }],
      };
    case 'grace-elapsed':
      // The handler ignores its signal: give up the slot, record the attempt, and have the
      // process replaced, as Laravel's worker does when --timeout passes.
      if (life.state !== 'timed-out') return stayed(life);
      return settle(life, decide(rules, timedOut(rules)), 'abandoned');
    case 'lease-lost':
      if (!active || life.leaseLost) return stayed(life);
      return { next: { ...life, leaseLost: true }, actions: abort(aborted, 'lease-lost') };
    case 'put-back':
      if (!active || life.leaseLost) return stayed(life);
      return {
        next: { ...life, state: 'released' },
        actions: [
          { type: 'clear-timers' },
          ...abort(aborted, 'stopping'),
          { type: 'free-slot' },
          { type: 'release' },
        ],
      };
  }
}

const noActions: readonly RunAction[] = [];
const runningRun: RunLife = Object.freeze({ state: 'running', leaseLost: false });
const stayed = (life: RunLife): RunTransition => ({ next: life, actions: noActions });

const decide = (rules: RunRules, outcome: RunOutcome) =>
  decideAttempt(outcome, rules.attempts, rules.retry);
const timedOut = (rules: RunRules): RunOutcome => ({
  kind: 'timed-out',
  timeoutMs: rules.timeoutMs,
});
const succeeded: RunOutcome = { kind: 'succeeded' };

function abort(aborted: boolean, reason: AbortReason): RunAction[] {
  return aborted ? [] : [{ type: 'abort', reason }];
}

const clearTimers: RunAction = { type: 'clear-timers' };
const freeSlot: RunAction = { type: 'free-slot' };
const succeededRun: RunTransition = Object.freeze({
  next: Object.freeze({ state: 'succeeded', leaseLost: false }),
  actions: Object.freeze([
    clearTimers,
    freeSlot,
    Object.freeze({
      type: 'tally',
      decision: decideAttempt({ kind: 'succeeded' }, 1, { tries: 1, backoffSec: [] }),
    }),
    Object.freeze({
      type: 'write',
      decision: decideAttempt({ kind: 'succeeded' }, 1, { tries: 1, backoffSec: [] }),
    }),
  ] as RunAction[]),
});
const ENDED_AS = { complete: 'succeeded', retry: 'retried', fail: 'failed' } as const;

// Ends a run with a decision: written unless the lease was lost; abandoning also asks for a
// recycle, since the handler is still running somewhere in the process.
function settle(
  life: RunLife,
  decision: AttemptDecision,
  state: RunState = life.leaseLost ? 'lost' : ENDED_AS[decision.kind],
): RunTransition {
  // The common ending, shared rather than built per job.
  if (state === 'succeeded' && decision.kind === 'complete') return succeededRun;
  const actions: RunAction[] = [clearTimers, freeSlot];
  if (state === 'abandoned') actions.push({ type: 'request-recycle' });
  actions.push({ type: 'tally', decision });
  if (!life.leaseLost) actions.push({ type: 'write', decision });
  return { next: { state, leaseLost: life.leaseLost }, actions };
}
