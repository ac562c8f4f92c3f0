// The worker host: one process running up to `concurrency` jobs at once from several queues.
// It composes the claim loop (claim-loop.ts), one run per job (run-job.ts, whose life is the
// pure transition in run-state.ts), lease renewal (leases.ts), batched completions
// (completions.ts) and the reports to the daemon (reporter.ts), and drains on stop.
import { queueOn } from '../queue/producer.js';
import type { JobStore, JobWatch } from '../queue/store.js';
import { createClaimLoop } from './claim-loop.js';
import { createCompletions } from './completions.js';
import type { HandlerMap } from './handlers.js';
import { createLeases } from './leases.js';
import type { WorkerMessage } from './messages.js';
import { createPause } from './pause.js';
import { createReporter } from './reporter.js';
import { type Run, type RunDeps, runJob } from './run-job.js';
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

// Creates the worker host of one process; nothing runs until start().
export function createHost(spec: WorkerSpec, deps: HostDeps): Host {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { store, handlers } = deps;
  // The runs holding a slot, and how many per queue.
  const runs = new Set<Run>();
  const runningByQueue = new Map<string, number>();
  const occupy = (queue: string, delta: number) =>
    runningByQueue.set(queue, (runningByQueue.get(queue) ?? 0) + delta);
  const pause = createPause();
  const completions = createCompletions(store, log);
  const reporter = createReporter({
    send: deps.send,
    now,
    capacity: spec.concurrency,
    runs: () => runs,
  });
  const leases = createLeases({
    store,
    leaseMs: spec.leaseMs,
    now,
    log,
    runs: () => runs,
    finished: () => completions.pending(),
    ahead: () => claims.ahead(),
    aheadLost: (ids) => claims.lost(ids),
  });
  let processed = 0;
  let recycleAsked = false;
  let drained: Promise<void> | null = null;
  // New jobs wake the claim loop (the store's watch); polling covers what a watch misses.
  let watching: Promise<JobWatch | null> = Promise.resolve(null);
  const served = new Set(spec.queues);
  const wakeOn = (queue: string | null) => {
    if (queue === null || served.has(queue)) claims.jobsChanged();
  };

  const requestRecycle = (reason: string) => {
    if (recycleAsked) return;
    recycleAsked = true;
    log(`recycle requested: ${reason}`);
    if (deps.send) deps.send({ type: 'recycle', reason });
    else void drain();
  };

  const runDeps: RunDeps = {
    spec,
    handlers,
    store,
    producer: queueOn(store, now),
    completions,
    reporter,
    now,
    log,
    occupy(run) {
      runs.add(run);
      occupy(run.job.queue, 1);
    },
    vacate(run) {
      runs.delete(run);
      occupy(run.job.queue, -1);
      pause.wake();
    },
    ended() {
      processed++;
      if (spec.maxJobs !== null && processed >= spec.maxJobs)
        requestRecycle(`max_jobs ${spec.maxJobs} reached`);
    },
    requestRecycle,
  };

  const claims = createClaimLoop({
    spec,
    store,
    completions,
    pause,
    now,
    log,
    running: runningByQueue,
    run: (job) => void runJob(job, runDeps),
  });

  const drainOnce = async () => {
    await claims.stop();
    await (await watching)?.close();
    // Leave a second of stop_timeout for putting back what is still running and exiting.
    const deadline = now() + Math.max(spec.stopTimeoutMs - 1000, spec.stopTimeoutMs / 2);
    while (runs.size > 0 && now() < deadline) {
      await pause.sleep(Math.min(100, Math.max(0, deadline - now())));
    }
    for (const run of [...runs]) await run.feed({ type: 'put-back' });
    await completions.flush();
    completions.stop();
    leases.stop();
    reporter.stop();
    reporter.report();
  };
  const drain = () => {
    drained ??= drainOnce();
    return drained;
  };

  return {
    start() {
      leases.start();
      reporter.start();
      claims.start();
      watching = store.watch(wakeOn, log).then(
        (watch) => {
          claims.setWatching(watch.how !== 'polling');
          // A job added between the first claim and the watch's start was heard by nobody.
          claims.jobsChanged();
          return watch;
        },
        (error: unknown) => {
          log(`new jobs are seen by polling: ${(error as Error).message}`);
          return null;
        },
      );
    },
    drain,
    running: () => runs.size,
  };
}
