// The claim loop: claims as many jobs as the free slots allow (planClaims, queues in priority
// order) and hands each to a run. With nothing to claim it sleeps until the next delayed job or
// lapsing lease falls due, at most a poll interval; a new job (the store's watch), a freed slot
// or a stop wakes it sooner. It backs off after claim errors. Completions not yet deleted ride
// along with each claim.
import { availableAtSec } from '../queue/payload.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import type { Completions } from './completions.js';
import type { Pause } from './pause.js';
import { type ClaimPlan, planClaims } from './slots.js';
import type { WorkerSpec } from './spec.js';

const MAX_BACKOFF_MS = 10_000;
// Something is due already and yet nothing could be claimed: another worker is taking it. Look
// again this soon rather than spin.
const RECHECK_MS = 10;

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

  // How long to sleep after a claim that found nothing: until the first of the planned queues'
  // jobs falls due (+1 ms: timers may fire a little early), at most a poll.
  const untilDue = async (plan: ClaimPlan): Promise<number> => {
    const queues = plan.claims.filter((c) => c.limit > 0).map((c) => c.queue);
    let due: number | null;
    try {
      due = await store.nextDue(queues, now());
    } catch {
      return spec.pollMs;
    }
    if (due === null) return spec.pollMs;
    const wait = due - now();
    return wait <= 0 ? RECHECK_MS : Math.min(spec.pollMs, wait + 1);
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
      if (jobs.length === 0) await pause.sleep(await untilDue(plan));
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
