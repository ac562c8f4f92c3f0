// The worker host: one process running up to `concurrency` jobs at once from several queues.
// It claims what free slots allow (queues in priority order), runs each job's handler with an
// AbortSignal for its timeout, decides each outcome with decideAttempt, renews the leases of
// long jobs, reports counts to the daemon and drains on stop. Store writes are fenced by the
// claim token, so a run whose claim lapsed can never delete or re-queue someone else's job.
import { randomUUID } from 'node:crypto';
import { availableAtSec, decodePayload } from '../queue/payload.js';
import { queueOn } from '../queue/producer.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import {
  type AttemptDecision,
  attemptsExhausted,
  decideAttempt,
  type RunOutcome,
} from './attempt.js';
import type { JobHandler } from './context.js';
import type { HandlerMap } from './handlers.js';
import { emptyTally, type QueueTally, type WorkerMessage } from './messages.js';
import { planClaims } from './slots.js';
import type { WorkerSpec } from './spec.js';

export interface HostDeps {
  readonly store: JobStore;
  readonly handlers: HandlerMap;
  readonly now?: () => number;
  // To the daemon; absent when the worker runs on its own.
  readonly send?: (message: WorkerMessage) => void;
  readonly log?: (line: string) => void;
}

export interface Host {
  start(): void;
  // Stops claiming, lets running jobs finish within the stop timeout, puts back the rest.
  drain(): Promise<void>;
  // Jobs running now.
  running(): number;
}

interface Run {
  readonly job: ClaimedJob;
  readonly startedAt: number;
  readonly controller: AbortController;
  readonly timers: NodeJS.Timeout[];
  // Past its timeout and grace: its slot is given up and the process asks to be recycled.
  abandoned: boolean;
  // Its lease was lost (renewal found another holder): nothing it does is written.
  lost: boolean;
  hardDeadline: number;
}

class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}

const REPORT_EVERY_MS = 1000;
// A process that stops reporting this long after a run's timeout and grace is blocked.
const DEADLINE_SLACK_MS = 3000;

export function createHost(spec: WorkerSpec, deps: HostDeps): Host {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { store, handlers } = deps;
  const producer = queueOn(store, now);
  const runs = new Set<Run>();
  const runningByQueue = new Map<string, number>();
  const tallies = new Map<string, QueueTally>();
  let completions: ClaimedJob[] = [];
  let flushing: Promise<void> | null = null;
  let processed = 0;
  let recycleAsked = false;
  // The hard deadline in the last report sent.
  let sentDeadline: number | null = null;
  let draining = false;
  let loopDone: Promise<void> = Promise.resolve();
  let wakeLoop: (() => void) | null = null;
  const intervals: NodeJS.Timeout[] = [];
  const rules = { queues: spec.queues, concurrency: spec.concurrency, perQueue: spec.perQueue };

  const tally = (queue: string) => {
    let t = tallies.get(queue);
    if (!t) {
      t = emptyTally();
      tallies.set(queue, t);
    }
    return t;
  };
  const occupy = (queue: string, delta: number) =>
    runningByQueue.set(queue, (runningByQueue.get(queue) ?? 0) + delta);

  // Resolves after ms, or at once when a slot frees or draining starts.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeLoop = null;
        resolve();
      }
      wakeLoop = done;
    });
  const wake = () => wakeLoop?.();

  const requestRecycle = (reason: string) => {
    if (recycleAsked) return;
    recycleAsked = true;
    log(`recycle requested: ${reason}`);
    if (deps.send) deps.send({ type: 'recycle', reason });
    else void drain();
  };

  // Completions are deleted in batches: every job that finished in the same turn of the event
  // loop shares one transaction.
  const flushCompletions = (): Promise<void> => {
    if (flushing) return flushing;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (completions.length > 0) {
        const batch = completions;
        completions = [];
        try {
          await store.complete(batch);
        } catch (error) {
          // The jobs stay in the store and are delivered again when their leases lapse.
          log(`could not delete ${batch.length} finished job(s): ${(error as Error).message}`);
        }
      }
      flushing = null;
    });
    return flushing;
  };

  const write = async (run: Run, decision: AttemptDecision, uuid: string | null) => {
    const { job } = run;
    try {
      if (decision.kind === 'complete') {
        completions.push(job);
        await flushCompletions();
      } else if (decision.kind === 'retry') {
        await store.release(job, availableAtSec(now(), decision.delaySec * 1000));
      } else {
        await store.fail(job, { uuid: uuid ?? randomUUID(), exception: decision.exception }, now());
      }
    } catch (error) {
      log(
        `job ${job.id} (${job.queue}): could not record its outcome: ${(error as Error).message}`,
      );
    }
  };

  const finish = (run: Run, decision: AttemptDecision, uuid: string | null) => {
    for (const timer of run.timers) clearTimeout(timer);
    const t = tally(run.job.queue);
    const ms = now() - run.startedAt;
    t.runMsSum += ms;
    t.runMsMax = Math.max(t.runMsMax, ms);
    if (decision.kind === 'complete') t.completed++;
    else if (decision.kind === 'retry') t.retried++;
    else t.failed++;
    if (!run.abandoned) {
      runs.delete(run);
      occupy(run.job.queue, -1);
    }
    processed++;
    if (spec.maxJobs !== null && processed >= spec.maxJobs)
      requestRecycle(`max_jobs ${spec.maxJobs} reached`);
    wake();
    if (run.lost) return Promise.resolve();
    return write(run, decision, uuid);
  };

  const execute = async (job: ClaimedJob) => {
    const startedAt = now();
    const run: Run = {
      job,
      startedAt,
      controller: new AbortController(),
      timers: [],
      abandoned: false,
      lost: false,
      hardDeadline: Number.POSITIVE_INFINITY,
    };
    runs.add(run);
    occupy(job.queue, 1);
    tally(job.queue).started++;

    const decoded = decodePayload(job.payload);
    if (!decoded.ok) {
      return finish(
        run,
        { kind: 'fail', exception: `BadPayload: ${decoded.problem}` },
        decoded.uuid,
      );
    }
    const { name, data, uuid } = decoded.job;
    const retry = {
      tries: decoded.job.tries ?? spec.tries,
      backoffSec: decoded.job.backoffSec ?? spec.backoffSec,
    };
    const exhausted = attemptsExhausted(job.attempts, retry.tries);
    if (exhausted) return finish(run, { kind: 'fail', exception: exhausted }, uuid);
    const handler: JobHandler | undefined = handlers.get(name);
    if (!handler) {
      const known = [...handlers.keys()].join(', ');
      return finish(
        run,
        {
          kind: 'fail',
          exception: `UnknownJob: no handler named "${name}" in ${spec.handlers} (it exports: ${known})`,
        },
        uuid,
      );
    }

    const timeoutMs = decoded.job.timeoutMs ?? spec.timeoutMs;
    run.hardDeadline = startedAt + timeoutMs + spec.timeoutGraceMs + DEADLINE_SLACK_MS;
    // The daemon must know the earliest deadline before the handler can block the event loop.
    if (sentDeadline === null || run.hardDeadline < sentDeadline) report();
    let settled = false;
    let timedOut = false;
    run.timers.push(
      setTimeout(() => {
        timedOut = true;
        run.controller.abort(new JobTimeoutError(`timed out after ${timeoutMs / 1000} s`));
        run.timers.push(
          setTimeout(() => {
            if (settled) return;
            // The handler ignores its signal: give up the slot, record the attempt, and have the
            // process replaced, as Laravel's worker does when --timeout passes.
            run.abandoned = true;
            runs.delete(run);
            occupy(job.queue, -1);
            requestRecycle(`job ${job.id} (${name}) ignored its timeout of ${timeoutMs / 1000} s`);
            void finish(
              run,
              decideAttempt({ kind: 'timed-out', timeoutMs }, job.attempts, retry),
              uuid,
            );
          }, spec.timeoutGraceMs),
        );
      }, timeoutMs),
    );

    let outcome: RunOutcome;
    try {
      await handler(data, {
        signal: run.controller.signal,
        job: { id: job.id, uuid, queue: job.queue, name, attempts: job.attempts },
        queue: producer,
      });
      outcome = { kind: 'succeeded' };
    } catch (error) {
      outcome = timedOut ? { kind: 'timed-out', timeoutMs } : { kind: 'threw', error };
    }
    settled = true;
    if (run.abandoned) return;
    return finish(run, decideAttempt(outcome, job.attempts, retry), uuid);
  };

  const loop = async () => {
    let failures = 0;
    while (!draining) {
      const plan = planClaims(rules, runningByQueue);
      if (plan.total === 0) {
        await pause(spec.pollMs);
        continue;
      }
      let jobs: ClaimedJob[];
      try {
        // Completions not yet flushed ride along with the claim.
        const finished = completions;
        completions = [];
        try {
          jobs = await store.claim(plan.claims, plan.total, spec.leaseMs, now(), finished);
        } catch (error) {
          completions.unshift(...finished);
          throw error;
        }
        failures = 0;
      } catch (error) {
        failures++;
        log(`claiming failed (${failures} in a row): ${(error as Error).message}`);
        await pause(Math.min(spec.pollMs * 2 ** failures, 10_000));
        continue;
      }
      if (draining) {
        // Claimed as the stop came: put them back untouched for another worker.
        await Promise.all(
          jobs.map((job) => store.release(job, availableAtSec(now())).catch(() => false)),
        );
        break;
      }
      for (const job of jobs) void execute(job);
      if (jobs.length === 0) await pause(spec.pollMs);
    }
  };

  const renew = async () => {
    const held = [...runs].filter((run) => !run.lost).map((run) => run.job);
    if (held.length === 0) return;
    try {
      const kept = new Set(await store.renew(held, spec.leaseMs, now()));
      for (const run of runs) {
        if (run.lost || kept.has(run.job.id)) continue;
        run.lost = true;
        run.controller.abort(
          new Error('the job was claimed by another worker after its lease lapsed'),
        );
        log(`job ${run.job.id} (${run.job.queue}): lease lost; its outcome will not be recorded`);
      }
    } catch (error) {
      log(`renewing leases failed: ${(error as Error).message}`);
    }
  };

  const report = () => {
    if (!deps.send) return;
    let hardDeadline: number | null = null;
    for (const run of runs) {
      if (!run.abandoned && Number.isFinite(run.hardDeadline))
        hardDeadline = Math.min(hardDeadline ?? run.hardDeadline, run.hardDeadline);
    }
    sentDeadline = hardDeadline;
    deps.send({
      type: 'report',
      at: now(),
      running: runs.size,
      capacity: spec.concurrency,
      queues: Object.fromEntries(tallies),
      hardDeadline,
    });
    tallies.clear();
  };

  const drain = async () => {
    if (draining) return loopDone;
    draining = true;
    wake();
    await loopDone;
    // Leave a second of stop_timeout for putting back what is still running and exiting.
    const deadline = now() + Math.max(spec.stopTimeoutMs - 1000, spec.stopTimeoutMs / 2);
    while (runs.size > 0 && now() < deadline) {
      await new Promise<void>((resolve) => {
        wakeLoop = resolve;
        setTimeout(resolve, Math.min(100, Math.max(0, deadline - now())));
      });
    }
    for (const run of runs) {
      if (run.lost) continue;
      run.lost = true;
      run.controller.abort(new Error('the worker is stopping'));
      await store.release(run.job, availableAtSec(now())).catch(() => false);
    }
    await flushCompletions();
    for (const timer of intervals) clearInterval(timer);
    report();
  };

  return {
    start() {
      intervals.push(setInterval(() => void renew(), Math.max(200, spec.leaseMs / 3)));
      intervals.push(setInterval(report, REPORT_EVERY_MS));
      loopDone = loop();
    },
    drain,
    running: () => runs.size,
  };
}
