// Where a dead worker's jobs go back (daemon side). crew is every worker host's parent, so it
// knows at once when one exits: the jobs it still held (its claims carry its instance id, see
// newClaimToken) are put back without spending their try, or failed past the pool's max_stalls
// (a job that keeps killing its worker). A drained worker holds nothing, so every exit is
// handled alike. Leases remain the fallback for a host that vanished with its daemon.
import type { EventBus } from '../events/typed-emitter.js';
import type { JobStore, StallOutcome } from '../queue/store.js';
import type { WorkerEvents } from './events.js';

// A worker process that is gone, and how.
export interface GoneWorker {
  readonly name: string;
  readonly pool: string;
  readonly pid: number | null;
  readonly instance: string;
  readonly cause: string;
}

export interface StallDeps {
  readonly events: EventBus<WorkerEvents>;
  // The store and max_stalls of a pool of handlers; null for other pools (or one since removed).
  readonly poolOf: (pool: string) => { readonly store: string; readonly maxStalls: number } | null;
  readonly storeFor: (url: string) => Promise<JobStore>;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

export interface Stalls {
  // Puts back what the worker held; logs (never throws) when the store cannot be reached.
  release(worker: GoneWorker): Promise<void>;
  // Resolves when every release started so far has ended.
  settled(): Promise<void>;
}

const MAX_LISTED = 5;

// Log lines (daemon/event-log.ts): what came back, and which jobs failed (a possible poison job).
export function describeStalls(stalled: WorkerEvents['worker:stalled']): string[] {
  const lines: string[] = [];
  const { released, failed } = stalled;
  const ids = (jobs: readonly { id: number }[]) =>
    jobs
      .slice(0, MAX_LISTED)
      .map((job) => job.id)
      .join(', ') + (jobs.length > MAX_LISTED ? `, … (${jobs.length - MAX_LISTED} more)` : '');
  if (released.length > 0)
    lines.push(
      `${stalled.name} (${stalled.cause}) was running ${released.length + failed.length} job(s): ` +
        `${released.length} put back without spending a try (job ${ids(released)})`,
    );
  for (const job of failed)
    lines.push(
      `job ${job.id} on ${job.queue} (uuid ${job.uuid ?? '?'}) moved to failed_jobs: its worker died ` +
        `while running it ${job.stalls} time(s), past max_stalls; if it kills its worker, it is a poison job`,
    );
  return lines;
}

export function createStalls(deps: StallDeps): Stalls {
  const now = deps.now ?? Date.now;
  const pending = new Set<Promise<void>>();
  let lastProblem = '';

  const releaseNow = async (worker: GoneWorker) => {
    const pool = deps.poolOf(worker.pool);
    if (!pool) return;
    let outcome: StallOutcome;
    try {
      const store = await deps.storeFor(pool.store);
      const reason = `${worker.name}, pid ${worker.pid ?? '?'}, ${worker.cause}`;
      outcome = await store.releaseHolder(worker.instance, {
        maxStalls: pool.maxStalls,
        reason,
        now: now(),
      });
    } catch (error) {
      // Once per problem, not once per exit (a store that stays down, workers restarting).
      const problem = (error as Error).message;
      if (problem !== lastProblem)
        deps.log(
          `${worker.name}: could not put back the jobs it held (${problem}); they return when their leases lapse`,
        );
      lastProblem = problem;
      return;
    }
    lastProblem = '';
    if (outcome.released.length === 0 && outcome.failed.length === 0) return;
    deps.events.emit('worker:stalled', {
      name: worker.name,
      pool: worker.pool,
      pid: worker.pid,
      cause: worker.cause,
      released: outcome.released,
      failed: outcome.failed,
    });
  };

  return {
    release(worker) {
      const done = releaseNow(worker).finally(() => pending.delete(done));
      pending.add(done);
      return done;
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}
