// What a claimed job needs before it can run, read from its payload (pure): its handler, data
// and retry and timeout rules, or why it cannot run (a payload that is not a job, attempts used
// up by runs that never finished, no handler by that name), which fails it without a run.

import { decodePayload } from '../queue/payload.js';
import type { ClaimedJob } from '../queue/store.js';
import { attemptsExhausted } from './attempt.js';
import type { JobHandler } from './context.js';
import type { HandlerMap } from './handlers.js';
import type { RunRules } from './run-state.js';
import type { WorkerSpec } from './spec.js';

export type RunPlan = {
  readonly uuid: string | null;
  readonly name: string;
  readonly rules: RunRules;
} & (
  | { readonly runnable: true; readonly handler: JobHandler; readonly data: unknown }
  | { readonly runnable: false; readonly exception: string }
);

// Reads a claimed job's payload against the pool's handlers and defaults.
export function planRun(job: ClaimedJob, spec: WorkerSpec, handlers: HandlerMap): RunPlan {
  const decoded = decodePayload(job.payload);
  const own = decoded.ok ? decoded.job : null;
  // The job's own retry and timeout settings where its payload has them, the pool's otherwise.
  const rules: RunRules = {
    attempts: job.attempts,
    retry: { tries: own?.tries ?? spec.tries, backoffSec: own?.backoffSec ?? spec.backoffSec },
    timeoutMs: own?.timeoutMs ?? spec.timeoutMs,
    graceMs: spec.timeoutGraceMs,
  };
  if (!decoded.ok) {
    const exception = `BadPayload: ${decoded.problem}`;
    return { uuid: decoded.uuid, name: '', rules, runnable: false, exception };
  }
  const { uuid, name, data } = decoded.job;
  const exhausted = attemptsExhausted(job.attempts, rules.retry.tries);
  if (exhausted) return { uuid, name, rules, runnable: false, exception: exhausted };
  const handler = handlers.get(name);
  if (!handler) {
    const known = [...handlers.keys()].join(', ');
    const exception = `UnknownJob: no handler named "${name}" in ${spec.handlers} (it exports: ${known})`;
    return { uuid, name, rules, runnable: false, exception };
  }
  return { uuid, name, rules, runnable: true, handler, data };
}
