// The claim loop: claims as many jobs as the free slots allow (planClaims, queues in priority
// order) and hands each to a run; waits a poll interval when there is nothing to claim or no
// free slot (a freed slot wakes it), and backs off after claim errors. Completions not yet
// deleted ride along with each claim.
import { availableAtSec } from '../queue/payload.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import type { Completions } from './completions.js';
import type { Pause } from './pause.js';
import { type ClaimPlan, planClaims } from './slots.js';
import type { WorkerSpec } from './spec.js';

const MAX_BACKOFF_MS = 10_000;

export interface ClaimLoopDeps {
  readonly spec: WorkerSpec;
  readonly store: JobStore;
  readonly completions: Completions;
  readonly pause: Pause;
  readonly now: () => number;
  readonly log: (line: string) => void;
  // Jobs running now, by queue.
  readonly running: ReadonlyMap<string, number>;
  readonly run: (job: ClaimedJob) => void;
}

export interface ClaimLoop {
  start(): void;
  // Stops claiming; resolves once the loop has ended (jobs claimed as it stopped put back).
  stop(): Promise<void>;
}

// Creates the claim loop of one worker host.
export function createClaimLoop(deps: ClaimLoopDeps): ClaimLoop {
  const { spec, store, completions, pause, now } = deps;
  const rules = { queues: spec.queues, concurrency: spec.concurrency, perQueue: spec.perQueue };
  let stopped = false;
  let done: Promise<void> = Promise.resolve();

  // Completions not yet deleted ride along with the claim (no async wrapper: this runs per job).
  const claim = (plan: ClaimPlan): Promise<ClaimedJob[]> => {
    const finished = completions.take();
    return store
      .claim(plan.claims, plan.total, spec.leaseMs, now(), finished)
      .catch((error: unknown) => {
        completions.giveBack(finished);
        throw error;
      });
  };

  const loop = async () => {
    let failures = 0;
    while (!stopped) {
      const plan = planClaims(rules, deps.running);
      if (plan.total === 0) {
        await pause.sleep(spec.pollMs);
        continue;
      }
      let jobs: ClaimedJob[];
      try {
        jobs = await claim(plan);
        failures = 0;
      } catch (error) {
        failures++;
        deps.log(`claiming failed (${failures} in a row): ${(error as Error).message}`);
        await pause.sleep(Math.min(spec.pollMs * 2 ** failures, MAX_BACKOFF_MS));
        continue;
      }
      if (stopped) {
        // Claimed as the stop came: put them back untouched for another worker.
        await Promise.all(
          jobs.map((job) =>
            store.release(job, availableAtSec(now()), { refund: true }).catch(() => false),
          ),
        );
        break;
      }
      for (const job of jobs) deps.run(job);
      if (jobs.length === 0) await pause.sleep(spec.pollMs);
    }
  };

  return {
    start() {
      done = loop();
    },
    stop() {
      stopped = true;
      pause.wake();
      return done;
    },
  };
}
