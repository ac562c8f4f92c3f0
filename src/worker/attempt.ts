// What happens to a job after one run, decided from the run's outcome and the job's retry rules
// alone (pure): delete it, put it back for a later attempt, or move it to failed_jobs.

export interface RetryRules {
  // Attempts in all, the first included.
  readonly tries: number;
  // Seconds before each retry; the last value repeats. Empty: retry at once.
  readonly backoffSec: readonly number[];
}

export type RunOutcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'threw'; readonly error: unknown }
  | { readonly kind: 'timed-out'; readonly timeoutMs: number };

export type AttemptDecision =
  | { readonly kind: 'complete' }
  | { readonly kind: 'retry'; readonly delaySec: number; readonly reason: string }
  | { readonly kind: 'fail'; readonly exception: string };

// Laravel's failed_jobs.exception holds the exception's class, message and stack as text.
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    return error.cause === undefined ? stack : `${stack}\nCaused by: ${describeError(error.cause)}`;
  }
  let shown: string;
  try {
    shown = JSON.stringify(error) ?? String(error);
  } catch {
    shown = String(error);
  }
  return `NonErrorThrown: the handler threw ${typeof error} ${shown.slice(0, 500)} (not an Error, so there is no stack)`;
}

export function backoffFor(rules: RetryRules, attempts: number): number {
  if (rules.backoffSec.length === 0) return 0;
  return rules.backoffSec[Math.min(attempts, rules.backoffSec.length) - 1] ?? 0;
}

// Shared: it carries nothing of its own, and a busy worker decides thousands a second.
const completed: AttemptDecision = Object.freeze({ kind: 'complete' });

// `attempts` counts the run that just ended.
export function decideAttempt(
  outcome: RunOutcome,
  attempts: number,
  rules: RetryRules,
): AttemptDecision {
  if (outcome.kind === 'succeeded') return completed;
  const text =
    outcome.kind === 'timed-out'
      ? `JobTimedOut: the job ran longer than its timeout of ${outcome.timeoutMs / 1000} s`
      : describeError(outcome.error);
  if (attempts >= rules.tries) {
    const tried = rules.tries === 1 ? '' : ` (attempt ${attempts} of ${rules.tries})`;
    return { kind: 'fail', exception: `${text}${tried}` };
  }
  const delaySec = backoffFor(rules, attempts);
  return { kind: 'retry', delaySec, reason: text.split('\n')[0]! };
}

// A job delivered again after a crash may already have used every attempt (Laravel's
// MaxAttemptsExceededException).
export function attemptsExhausted(attempts: number, tries: number): string | null {
  return attempts > tries
    ? `MaxAttemptsExceeded: the job has been attempted too many times (${attempts - 1} of ${tries}); its last run never finished (its worker died or its lease lapsed)`
    : null;
}
