// Runs one claimed job: plans it (run-plan.ts), calls its handler with an AbortSignal for its
// timeout, and feeds what happens (handler settled, timers fired, lease lost, put back) to
// the pure transition in run-state.ts, performing the actions it returns. Store writes are fenced
// by the claim token, so a run whose claim lapsed can never delete or re-queue someone else's job.
import { randomUUID } from 'node:crypto';
import { availableAtSec } from '../queue/payload.js';
import type { Queue } from '../queue/producer.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import type { AttemptDecision } from './attempt.js';
import type { Completions } from './completions.js';
import type { JobContext, JobHandler } from './context.js';
import type { HandlerMap } from './handlers.js';
import { hardDeadlineOf, type Reporter } from './reporter.js';
import { planRun } from './run-plan.js';
import {
  type AbortReason,
  claimedRun,
  type RunEvent,
  type RunLife,
  type RunRules,
  transition,
} from './run-state.js';
import type { WorkerSpec } from './spec.js';

export interface Run {
  readonly job: ClaimedJob;
  readonly startedAt: number;
  // When the daemon should consider the process blocked (Infinity until the handler starts).
  readonly hardDeadline: number;
  readonly life: RunLife;
  // Feeds one event from outside (lease renewal, drain); resolves once its writes are done.
  feed(event: RunEvent): Promise<void>;
}

export interface RunDeps {
  readonly spec: WorkerSpec;
  readonly handlers: HandlerMap;
  readonly store: JobStore;
  readonly producer: Queue;
  readonly completions: Completions;
  readonly reporter: Reporter;
  readonly now: () => number;
  readonly log: (line: string) => void;
  // The run takes a slot, gives it back, and has ended (counted towards max_jobs).
  readonly occupy: (run: Run) => void;
  readonly vacate: (run: Run) => void;
  readonly ended: () => void;
  readonly requestRecycle: (reason: string) => void;
}

class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

// Starts running a claimed job on a slot of the process; returns at once.
export function runJob(job: ClaimedJob, deps: RunDeps): Run {
  const { now } = deps;
  const plan = planRun(job, deps.spec, deps.handlers);
  const { rules, uuid, name } = plan;
  const controller = new AbortController();
  let timers: NodeJS.Timeout[] = [];
  const run = {
    job,
    startedAt: now(),
    hardDeadline: Number.POSITIVE_INFINITY,
    life: claimedRun,
    feed,
  };
  deps.occupy(run);
  deps.reporter.started(job.queue);

  function feed(event: RunEvent): Promise<void> {
    const { next, actions } = transition(run.life, event, rules);
    run.life = next;
    const writes: Promise<unknown>[] = [];
    for (const action of actions) {
      switch (action.type) {
        case 'arm-timeout':
          timers.push(setTimeout(() => void feed({ type: 'timeout' }), action.ms));
          break;
        case 'arm-grace':
          timers.push(setTimeout(() => void feed({ type: 'grace-elapsed' }), action.ms));
          break;
        case 'abort':
          controller.abort(abortError(action.reason, rules));
          break;
        case 'clear-timers':
          for (const timer of timers) clearTimeout(timer);
          timers = [];
          break;
        case 'free-slot':
          deps.vacate(run);
          break;
        case 'request-recycle':
          deps.requestRecycle(
            `job ${job.id} (${name}) ignored its timeout of ${rules.timeoutMs / 1000} s`,
          );
          break;
        case 'tally':
          deps.reporter.ended(job.queue, action.decision, now() - run.startedAt);
          deps.ended();
          break;
        case 'write':
          writes.push(write(action.decision));
          break;
        case 'release':
          writes.push(deps.store.release(job, availableAtSec(now())).catch(() => false));
          break;
      }
    }
    return Promise.all(writes).then(() => {});
  }

  async function write(decision: AttemptDecision) {
    try {
      if (decision.kind === 'complete') await deps.completions.add(job);
      else if (decision.kind === 'retry')
        await deps.store.release(job, availableAtSec(now(), decision.delaySec * 1000));
      else
        await deps.store.fail(
          job,
          { uuid: uuid ?? randomUUID(), exception: decision.exception },
          now(),
        );
    } catch (error) {
      deps.log(
        `job ${job.id} (${job.queue}): could not record its outcome: ${(error as Error).message}`,
      );
    }
  }

  if (!plan.runnable) {
    void feed({ type: 'rejected', exception: plan.exception });
    return run;
  }
  run.hardDeadline = hardDeadlineOf(run.startedAt, rules.timeoutMs, rules.graceMs);
  deps.reporter.announceDeadline(run.hardDeadline);
  void feed({ type: 'started' });
  const ctx: JobContext = {
    signal: controller.signal,
    job: { id: job.id, uuid, queue: job.queue, name, attempts: job.attempts },
    queue: deps.producer,
  };
  void settled(plan.handler, plan.data, ctx).then(feed);
  return run;
}

// Calls the handler at once (before any other work can run) and turns how it ends into an event.
async function settled(handler: JobHandler, data: unknown, ctx: JobContext): Promise<RunEvent> {
  try {
    await handler(data, ctx);
    return { type: 'returned' };
  } catch (error) {
    return { type: 'threw', error };
  }
}

function abortError(reason: AbortReason, rules: RunRules): Error {
  if (reason === 'timeout')
    return new JobTimeoutError(`timed out after ${rules.timeoutMs / 1000} s`);
  if (reason === 'lease-lost')
    return new Error('the job was claimed by another worker after its lease lapsed');
  return new Error('the worker is stopping');
}
