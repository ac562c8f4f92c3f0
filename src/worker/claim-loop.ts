// The claim loop: claims as many jobs as the free slots allow (planClaims, queues in priority
// order) and hands each to a run. With nothing to claim it sleeps until the next delayed job or
// lapsing lease falls due, at most a poll interval; a new job (the store's watch), a freed slot
// or a stop wakes it sooner. While the watch works, the due time read once serves the idle looks
// after it until the jobs change (see DUE_REFRESH_MS), and a claim that came back short is not
// followed by one that would find nothing (see `dry`). It backs off after claim errors.
// Completions not yet deleted ride along with each claim. With `prefetch`, a claim also takes up
// to that many jobs more than the free slots, held here (their leases renewed with the runs') and
// started without a round trip as slots free: a local queue, as graphile-worker's, for many short
// jobs; a job held here waits behind the ones before it even if a more urgent one arrives.
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

// The queues of `plan` that gave fewer jobs than it asked of them, when the claim came back short
// of its total (a claim that got its total may have left more anywhere); null when none did.
export function emptied(plan: ClaimPlan, jobs: readonly ClaimedJob[]): Set<string> | null {
  if (jobs.length >= plan.total) return null;
  const got = new Map<string, number>();
  for (const job of jobs) got.set(job.queue, (got.get(job.queue) ?? 0) + 1);
  const queues = new Set<string>();
  for (const c of plan.claims) if ((got.get(c.queue) ?? 0) < c.limit) queues.add(c.queue);
  return queues.size === 0 ? null : queues;
}

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
  // Jobs claimed ahead of a free slot (prefetch), not running yet: still held.
  ahead(): readonly ClaimedJob[];
  // Forgets held-ahead jobs whose claim went to another worker (their lease lapsed).
  lost(ids: ReadonlySet<number>): void;
  // Stops claiming; resolves once the loop has ended and every job claimed but not started
  // (held ahead, or claimed as it stopped) has been put back, its try given back.
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
  // Claimed ahead of a free slot, in the order the store gave them (queues by priority), from
  // index `head` on.
  let ahead: ClaimedJob[] = [];
  let head = 0;
  const held = () => (head === 0 ? ahead : ahead.slice(head));
  // The queues the last claim found without more ready jobs (it got fewer of theirs than it
  // asked for). While the watch works a new job wakes the loop (jobsChanged), so it claims from
  // them again only then, or at the next due time: a claim that would find nothing costs a round
  // trip, and a job added meanwhile waits for it. A slot freed does not end it; a queue it does
  // not name (one that was at its own limit) is claimed from as before.
  let dry: ReadonlySet<string> | null = null;
  const allDry = (plan: ClaimPlan) => {
    const queues = dry;
    return queues !== null && plan.claims.every((c) => queues.has(c.queue));
  };

  // Takes from `ahead` what the plan's free slots allow, per queue, in order. Per job on the hot
  // path: the jobs taken from the front only move `head`; the array is rebuilt when a job is
  // passed over (its queue at its limit) or when half of it is behind `head`.
  const takeAhead = (plan: ClaimPlan): ClaimedJob[] => {
    if (head === ahead.length) return [];
    const limits = new Map(plan.claims.map((c) => [c.queue, c.limit] as const));
    let left = plan.total;
    const taken: ClaimedJob[] = [];
    let passed: ClaimedJob[] | null = null;
    let i = head;
    for (; i < ahead.length && left > 0; i++) {
      const job = ahead[i]!;
      const limit = limits.get(job.queue) ?? 0;
      if (limit > 0) {
        taken.push(job);
        limits.set(job.queue, limit - 1);
        left--;
      } else {
        passed ??= [];
        passed.push(job);
      }
    }
    if (passed !== null) {
      ahead = passed.concat(ahead.slice(i));
      head = 0;
    } else {
      head = i;
      if (head > 64 && head * 2 > ahead.length) {
        ahead = ahead.slice(head);
        head = 0;
      }
    }
    return taken;
  };

  // The plan widened by the room left in the local queue: each queue may give that many more.
  const withPrefetch = (plan: ClaimPlan): ClaimPlan => {
    const room = (spec.prefetch ?? 0) - (ahead.length - head);
    if (room <= 0) return plan;
    return {
      claims: plan.claims.map((c) => ({ queue: c.queue, limit: c.limit + room })),
      total: plan.total + room,
    };
  };

  const putBack = (jobs: readonly ClaimedJob[]) =>
    Promise.all(
      jobs.map((job) =>
        store.release(job, availableAtSec(now()), { refund: true }).catch(() => false),
      ),
    );

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
        // Every slot busy: a run that ends wakes the loop (no timer per job).
        await pause.sleep(null);
        continue;
      }
      const local = takeAhead(plan);
      if (local.length > 0) {
        for (const job of local) deps.run(job);
        continue;
      }
      if (watching && allDry(plan)) {
        // Woken: a job added (jobsChanged forgets `dry`), a slot freed or a stop. Not woken:
        // something fell due or a poll passed, so look again.
        if (!(await pause.sleep(await untilDue(plan)))) dry = null;
        continue;
      }
      let jobs: ClaimedJob[];
      const wanted = withPrefetch(plan);
      try {
        jobs = await claim(wanted);
        failures = 0;
      } catch (error) {
        failures++;
        deps.log(`claiming failed (${failures} in a row): ${(error as Error).message}`);
        await pause.sleep(Math.min(spec.pollMs * 2 ** failures, MAX_BACKOFF_MS));
        continue;
      }
      if (stopped) {
        // Claimed as the stop came: put them back untouched for another worker.
        await putBack(jobs);
        break;
      }
      dry = emptied(wanted, jobs);
      if (jobs.length > 0) {
        due = null;
        ahead = held().concat(jobs);
        head = 0;
        for (const job of takeAhead(plan)) deps.run(job);
      } else await pause.sleep(await untilDue(plan));
    }
    const unstarted = held();
    ahead = [];
    head = 0;
    await putBack(unstarted);
  };

  return {
    start() {
      done = loop();
    },
    jobsChanged() {
      due = null;
      dry = null;
      pause.wake();
    },
    setWatching(live) {
      watching = live;
      due = null;
      dry = null;
    },
    ahead: held,
    lost(ids) {
      const before = ahead.length - head;
      ahead = held().filter((job) => !ids.has(job.id));
      head = 0;
      if (ahead.length < before)
        deps.log(
          `${before - ahead.length} job(s) held ahead lost their lease; another worker has them`,
        );
    },
    stop() {
      stopped = true;
      pause.wake();
      return done;
    },
  };
}
