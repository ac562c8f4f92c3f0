// This tick's signals for the policy from what the daemon measures: the queue reports (crew's
// store, the backlog watchers) summed over the queues each pool serves — a queue served by
// several pools shared evenly among them, counting the pools of the other hosts on the same
// store (src/cluster), so three hosts do not each scale for the whole burst — and each pool's
// processes and their PSS. What this host's own workers counted (completions and finished
// totals of crew's store) is shared among this host's pools only. Pure.
import type { DueCount, QueueReport } from '../queue/types.js';
import type { PoolSignals } from './spec.js';

export interface LivePool {
  readonly name: string;
  // Processes the pool has now (not the ones being stopped).
  readonly processes: number;
  // PSS of each process's tree now, newest process last.
  readonly processPss: readonly { readonly name: string; readonly pssBytes: number }[];
  // Recent per-process PSS readings.
  readonly pssSamplesBytes: readonly number[];
  // Jobs running and slots, from built-in workers' reports; null for commands.
  readonly busy: { readonly running: number; readonly capacity: number } | null;
  // The pool's target_wait: delayed jobs falling due within it are work to start now.
  readonly targetWaitMs: number;
}

// Delayed jobs of a report due by `by` (ms); null where the report cannot tell when they are.
const dueBy = (r: QueueReport, by: number): number | null =>
  r.dueAt === undefined ? null : sumDue(r.dueAt, by);

function sumDue(dueAt: readonly DueCount[], by: number): number {
  let count = 0;
  for (const due of dueAt) if (due.atMs <= by) count += due.count;
  return count;
}

// Attempts finished since the daemon started (completed, retried or failed), where counted: by
// this host's workers, so `share` is the local one.
const finishedOf = (r: QueueReport, share: number) =>
  r.totals === null ? null : (r.totals.completed + r.totals.retried + r.totals.failed) * share;

const sumOrNull = (values: readonly (number | null)[]) =>
  values.every((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);

// The signals of each pool, in the pools' order, at time `now` (ms). `peers`: per queue, the
// pools of other live hosts serving it.
export function liveSignals(
  pools: readonly LivePool[],
  reports: readonly QueueReport[],
  now: number,
  peers: ReadonlyMap<string, number> = new Map(),
): PoolSignals[] {
  return pools.map((pool) => {
    const served = reports.filter((r) => r.pools.includes(pool.name));
    const share = (r: QueueReport) => 1 / Math.max(1, r.pools.length + (peers.get(r.queue) ?? 0));
    // Counted by this host's workers (crew's store): shared by this host's pools only.
    const own = (r: QueueReport) =>
      r.totals === null ? share(r) : 1 / Math.max(1, r.pools.length);
    const dueWithinTarget = (r: QueueReport) => {
      const due = dueBy(r, now + pool.targetWaitMs);
      return due === null ? null : Math.ceil(due * share(r));
    };
    const ready = served.reduce((sum, r) => sum + r.ready * share(r), 0);
    const waits = served.flatMap((r) => (r.oldestWaitMs === null ? [] : [r.oldestWaitMs]));
    return {
      pool: pool.name,
      processes: pool.processes,
      ready: Math.ceil(ready),
      delayed: Math.ceil(served.reduce((sum, r) => sum + r.delayed * share(r), 0)),
      delayedDue: sumOrNull(served.map(dueWithinTarget)),
      reserved: Math.ceil(served.reduce((sum, r) => sum + r.reserved * share(r), 0)),
      oldestWaitMs: waits.length === 0 ? null : Math.max(...waits),
      arrivalsPerSec: sumOrNull(
        served.map((r) => (r.arrivalsPerSec === null ? null : r.arrivalsPerSec * share(r))),
      ),
      completionsPerSec: sumOrNull(
        served.map((r) => (r.completionsPerSec === null ? null : r.completionsPerSec * own(r))),
      ),
      finishedTotal: sumOrNull(served.map((r) => finishedOf(r, own(r)))),
      busyFraction:
        pool.busy === null || pool.busy.capacity === 0
          ? null
          : pool.busy.running / pool.busy.capacity,
      pssSamplesBytes: pool.pssSamplesBytes,
      processPss: pool.processPss,
      lanes: served.map((r) => ({
        queue: r.queue,
        ready: Math.ceil(r.ready * share(r)),
        delayed: Math.ceil(r.delayed * share(r)),
        delayedDue: dueWithinTarget(r),
        reserved: Math.ceil(r.reserved * share(r)),
        oldestWaitMs: r.oldestWaitMs,
        arrivalsPerSec: r.arrivalsPerSec === null ? null : r.arrivalsPerSec * share(r),
        completionsPerSec: r.completionsPerSec === null ? null : r.completionsPerSec * own(r),
        finishedTotal: finishedOf(r, own(r)),
      })),
    };
  });
}
