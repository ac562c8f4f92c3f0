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
import type { JobContext, JobHandler, JobInfo } from './context.js';
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

const nothingToWrite: Promise<void> = Promise.resolve();
const ignore = () => {};

class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

const timeoutEvent: RunEvent = { type: 'timeout' };
const graceEvent: RunEvent = { type: 'grace-elapsed' };
const returned: RunEvent = { type: 'returned' };

// One run as an object with its methods on the prototype: a busy worker starts thousands a
// second, and closures per run showed up as garbage-collection time in the queue benchmark.
class JobRun implements Run {
  readonly startedAt: number;
  hardDeadline = Number.POSITIVE_INFINITY;
  life: RunLife = claimedRun;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  // Made when the handler first reads ctx.signal, or to abort: most handlers never look, and one
  // AbortSignal a job was a tenth of a busy worker's time (allocation and garbage collection).
  private controller: AbortController | null = null;

  constructor(
    readonly job: ClaimedJob,
    private readonly rules: RunRules,
    private readonly uuid: string | null,
    private readonly name: string,
    private readonly deps: RunDeps,
  ) {
    this.startedAt = deps.now();
  }

  feed(event: RunEvent): Promise<void> {
    const { deps, job, rules } = this;
    const { next, actions } = transition(this.life, event, rules);
    this.life = next;
    let writes: Promise<unknown>[] | null = null;
    for (const action of actions) {
      switch (action.type) {
        case 'arm-timeout':
          this.timeoutTimer = setTimeout(fire, action.ms, this, timeoutEvent);
          break;
        case 'arm-grace':
          this.graceTimer = setTimeout(fire, action.ms, this, graceEvent);
          break;
        case 'abort':
          this.controller ??= new AbortController();
          this.controller.abort(abortError(action.reason, rules));
          break;
        case 'clear-timers':
          if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
          if (this.graceTimer) clearTimeout(this.graceTimer);
          this.timeoutTimer = this.graceTimer = null;
          break;
        case 'free-slot':
          deps.vacate(this);
          break;
        case 'request-recycle':
          deps.requestRecycle(
            `job ${job.id} (${this.name}) ignored its timeout of ${rules.timeoutMs / 1000} s`,
          );
          break;
        case 'tally':
          deps.reporter.ended(job.queue, action.decision, deps.now() - this.startedAt);
          deps.ended();
          break;
        case 'write':
          writes = [...(writes ?? []), this.write(action.decision)];
          break;
        case 'release':
          writes = [
            ...(writes ?? []),
            // Put back at a drain's deadline: crew's doing, so the try is given back.
            deps.store
              .release(job, availableAtSec(deps.now()), { refund: true })
              .catch(() => false),
          ];
          break;
      }
    }
    if (writes === null) return nothingToWrite;
    if (writes.length === 1) return writes[0]!.then(ignore);
    return Promise.all(writes).then(ignore);
  }

  private async write(decision: AttemptDecision): Promise<void> {
    const { deps, job } = this;
    try {
      if (decision.kind === 'complete') await deps.completions.add(job);
      else if (decision.kind === 'retry')
        await deps.store.release(job, availableAtSec(deps.now(), decision.delaySec * 1000));
      else
        await deps.store.fail(
          job,
          { uuid: this.uuid ?? randomUUID(), exception: decision.exception },
          deps.now(),
        );
    } catch (error) {
      deps.log(
        `job ${job.id} (${job.queue}): could not record its outcome: ${(error as Error).message}`,
      );
    }
  }

  // Calls the handler at once (before any other work can run) and feeds how it ends.
  async settle(handler: JobHandler, data: unknown): Promise<void> {
    const { job, uuid, name } = this;
    const ctx = new RunContext(this, {
      id: job.id,
      uuid,
      queue: job.queue,
      name,
      attempts: job.attempts,
    });
    let ended: RunEvent;
    try {
      await handler(data, ctx);
      ended = returned;
    } catch (error) {
      ended = { type: 'threw', error };
    }
    await this.feed(ended);
  }

  signal(): AbortSignal {
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  producer(): Queue {
    return this.deps.producer;
  }
}

// A handler's ctx: its signal made on first read.
class RunContext implements JobContext {
  constructor(
    private readonly run: JobRun,
    readonly job: JobInfo,
  ) {}

  get signal(): AbortSignal {
    return this.run.signal();
  }

  get queue(): Queue {
    return this.run.producer();
  }
}

function fire(run: JobRun, event: RunEvent): void {
  void run.feed(event);
}

// Starts running a claimed job on a slot of the process; returns at once.
export function runJob(job: ClaimedJob, deps: RunDeps): Run {
  const plan = planRun(job, deps.spec, deps.handlers);
  const run = new JobRun(job, plan.rules, plan.uuid, plan.name, deps);
  deps.occupy(run);
  deps.reporter.started(job.queue);
  if (!plan.runnable) {
    void run.feed({ type: 'rejected', exception: plan.exception });
    return run;
  }
  run.hardDeadline = hardDeadlineOf(run.startedAt, plan.rules.timeoutMs, plan.rules.graceMs);
  deps.reporter.announceDeadline(run.hardDeadline);
  void run.feed({ type: 'started' });
  void run.settle(plan.handler, plan.data);
  return run;
}

function abortError(reason: AbortReason, rules: RunRules): Error {
  if (reason === 'timeout')
    return new JobTimeoutError(`timed out after ${rules.timeoutMs / 1000} s`);
  if (reason === 'lease-lost')
    return new Error('the job was claimed by another worker after its lease lapsed');
  return new Error('the worker is stopping');
}
