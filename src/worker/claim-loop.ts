// The claim loop: claims as many jobs as the free slots allow (planClaims, queues in priority
// order) and hands each to a run. With nothing to claim it sleeps until the next delayed job or
// lapsing lease falls due, at most a poll interval; a new job (the store's watch), a freed slot
// or a stop wakes it sooner. While the watch works, the due time read once serves the idle looks
// after it until the jobs change (see DUE_REFRESH_MS). It backs off after claim errors.
// Completions not yet deleted ride along with each claim.
import { availableAtSec } from '../queue/payload.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import type { Completions } from './completions.js';
import type { Pause } from './pause.js';
import { type ClaimPlan, planClaims } from './slots.js';
import type { WorkerSpec } from './spec.js';

const MAX_BACKOFF_MS = 10_000;
// While wake-ups work, a next due time read after an empty claim holds until something changes
// the jobs (a wake-up) or this long: only a whole host vanishing (its leases lapsing) changes it
// unannounced. An idle worker then looks with one claim a poll, no second query.
const DUE_REFRESH_MS = 10_000;
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
  // Jobs changed in a served queue (the store's watch heard it): look again now.
  jobsChanged(): void;
  // Whether the store's watch delivers wake-ups (else nothing announces a new delayed job).
  setWatching(live: boolean): void;
  // Stops claiming; resolves once the loop has ended (jobs claimed as it stopped put back).
  stop(): Promise<void>;
}

// Creates the claim loop of one worker host.
export function createClaimLoop(deps: ClaimLoopDeps): ClaimLoop {
  const { spec, store, completions, pause, now } = deps;
  const rules = { queues: spec.queues, concurrency: spec.concurrency, perQueue: spec.perQueue };
  let stopped = false;
  let done: Promise<void> = Promise.resolve();
  let watching = false;
  // The last next-due reading, for the queues it was asked for; null when stale.
  let due: { queues: string; at: number | null; readAt: number } | null = null;

  // Completions not yet deleted ride along with the claim (no async wrapper: this runs per job).
  const claim = (plan: ClaimPlan): Promise<ClaimedJob[]> =>
    completions.ride((finished) =>
      store.claim(plan.claims, plan.total, spec.leaseMs, now(), finished),
    );

  // How long to sleep after a claim that found nothing: until the first of the planned queues'
  // jobs falls due (+1 ms: timers may fire a little early), at most a poll.
  const untilDue = async (plan: ClaimPlan): Promise<number> => {
    const queues = plan.claims.filter((c) => c.limit > 0).map((c) => c.queue);
    const key = queues.join('\n');
    const at = now();
    let next: number | null;
    if (
      watching &&
      due !== null &&
      due.queues === key &&
      at - due.readAt < DUE_REFRESH_MS &&
      (due.at === null || due.at > at)
    ) {
      next = due.at;
    } else {
      try {
        next = await store.nextDue(queues, at);
      } catch {
        return spec.pollMs;
      }
      due = { queues: key, at: next, readAt: at };
    }
    if (next === null) return spec.pollMs;
    const wait = next - now();
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
      if (jobs.length > 0) due = null;
      else await pause.sleep(await untilDue(plan));
    }
  };

  return {
    start() {
      done = loop();
    },
    jobsChanged() {
      due = null;
      pause.wake();
    },
    setWatching(live) {
      watching = live;
      due = null;
    },
    stop() {
      stopped = true;
      pause.wake();
      return done;
    },
  };
}
