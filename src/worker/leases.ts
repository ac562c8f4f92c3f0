// Lease renewal: every third of the lease, the leases of the jobs this process still holds are
// extended in one statement. A job whose claim has gone to another worker (its lease lapsed while
// this process was stalled) is lost: its run's signal is aborted and nothing it does is written.
import type { HeldJob, JobStore } from '../queue/store.js';
import type { Run } from './run-job.js';
import { isActive } from './run-state.js';

export interface LeaseDeps {
  readonly store: JobStore;
  readonly leaseMs: number;
  readonly now: () => number;
  readonly log: (line: string) => void;
  // The runs holding a slot now.
  readonly runs: () => Iterable<Run>;
  // Finished jobs not yet deleted (a delete that failed waits for its retry): still held.
  readonly finished: () => readonly HeldJob[];
  // Jobs claimed ahead of a free slot (prefetch), and what to do with those whose lease lapsed.
  readonly ahead?: () => readonly HeldJob[];
  readonly aheadLost?: (ids: ReadonlySet<number>) => void;
}

export interface Leases {
  start(): void;
  // Renews now (start() does it every third of the lease).
  renew(): Promise<void>;
  stop(): void;
}

// Creates the lease renewal of one worker host.
export function createLeases(deps: LeaseDeps): Leases {
  let interval: NodeJS.Timeout | null = null;

  const renew = async () => {
    const held = [...deps.runs()].filter((run) => !run.life.leaseLost);
    const finished = deps.finished();
    const ahead = [...(deps.ahead?.() ?? [])];
    if (held.length === 0 && finished.length === 0 && ahead.length === 0) return;
    try {
      const kept = new Set(
        await deps.store.renew(
          [...held.map((run) => run.job), ...finished, ...ahead],
          deps.leaseMs,
          deps.now(),
        ),
      );
      const lost = new Set(ahead.filter((job) => !kept.has(job.id)).map((job) => job.id));
      if (lost.size > 0) deps.aheadLost?.(lost);
      // Only the runs asked about: one claimed while renewing was not in the statement.
      for (const run of held) {
        if (kept.has(run.job.id) || !isActive(run.life) || run.life.leaseLost) continue;
        void run.feed({ type: 'lease-lost' });
        deps.log(
          `job ${run.job.id} (${run.job.queue}): lease lost; its outcome will not be recorded`,
        );
      }
    } catch (error) {
      deps.log(`renewing leases failed: ${(error as Error).message}`);
    }
  };

  return {
    renew,
    start() {
      interval = setInterval(() => void renew(), Math.max(200, deps.leaseMs / 3));
    },
    stop() {
      if (interval) clearInterval(interval);
      interval = null;
    },
  };
}
