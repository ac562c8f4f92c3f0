// What the policy is told about each pool and each tick: the pool's limits (from crew.yaml), the
// queue and memory signals measured this tick. Plain data, so the same policy runs live, in
// `crew simulate` and in `crew plan`.

// How fast a pool may change. Defaults in defaultScaleSettings; crew.yaml's `scale:` overrides.
export interface ScaleSettings {
  // Least time between a change of the pool and its next scale-up: long enough for a new
  // process to start and take jobs, so the next decision sees its effect.
  readonly upCooldownMs: number;
  // A pool scales down only to the highest need seen over this window (Kubernetes' HPA
  // stabilization window), so a lull between bursts does not stop workers the next burst needs.
  readonly downWindowMs: number;
  // Least time between a change of the pool and its next scale-down (one process per step).
  readonly downCooldownMs: number;
}

// The oldest job's wait an autoscaled pool aims for when crew.yaml gives no target_wait.
export const DEFAULT_TARGET_WAIT_MS = 10_000;

export const defaultScaleSettings: ScaleSettings = {
  upCooldownMs: 5_000,
  downWindowMs: 60_000,
  downCooldownMs: 15_000,
};

// One pool as the policy sees it. A fixed pool is min = max = its process count.
export interface PoolSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  // Lower is more important, as crew.yaml's `priority` (and supervisord's): it is also the
  // start order. Budget left after the minimums goes to the lowest numbers first.
  readonly priority: number;
  // The oldest ready job should not wait longer than this.
  readonly targetWaitMs: number;
  // Jobs one process runs at once: 1 for a command (`php artisan queue:work`), the handler
  // concurrency for a built-in Node worker.
  readonly concurrency: number;
  // Handler pools with a per-queue concurrency: each queue's own limit per process. The pool is
  // then sized queue by queue (its need is the largest), as a process can give a queue no more
  // than its limit whatever the pool's total. null: one lane of `concurrency`.
  readonly lanes?: readonly { readonly queue: string; readonly concurrency: number }[] | null;
  // PSS of one process before it has been measured; null when the config declares none.
  readonly expectMemoryBytes: number | null;
  // crew.yaml's `critical`: the budget replaces a grown process of this pool first rather than
  // restart it in place, so the pool never runs short of its processes.
  readonly critical?: boolean;
  // How long a stopping process may take to exit: memory freed by a drain is counted as on its
  // way for this long.
  readonly stopTimeoutMs: number;
  readonly settings: ScaleSettings;
}

// One pool's queue backlog (summed over the queues it serves) and memory, measured this tick.
export interface PoolSignals {
  readonly pool: string;
  // Processes the pool has now (running or starting; not the ones being stopped).
  readonly processes: number;
  // Runnable now.
  readonly ready: number;
  // Not yet runnable (a delay or a retry backoff).
  readonly delayed: number;
  // Of `delayed`, the jobs that become runnable within the pool's target wait; null when the
  // source cannot tell (they are then not counted).
  readonly delayedDue: number | null;
  // Being run by a worker now.
  readonly reserved: number;
  // How long the oldest ready job has waited; null when nothing is ready.
  readonly oldestWaitMs: number | null;
  // Rates over a recent window; null when unknown.
  readonly arrivalsPerSec: number | null;
  readonly completionsPerSec: number | null;
  // Attempts finished since some fixed moment (crew's own workers count them), from which the
  // policy takes exact per-tick completions; null where only the windowed rate is known.
  readonly finishedTotal?: number | null;
  // Share of the pool's job slots busy now (0..1) when the workers report it (built-in Node
  // workers); null for commands, whose busy slots are taken to be `reserved`.
  readonly busyFraction: number | null;
  // Recent per-process PSS readings of the pool (one number per process per reading).
  readonly pssSamplesBytes: readonly number[];
  // Each process's PSS now, newest process last (with its pid when known, so that a recycle
  // reaches that process and not one that took its name).
  readonly processPss: readonly {
    readonly name: string;
    readonly pssBytes: number;
    readonly pid?: number;
  }[];
  // The same backlog queue by queue, for pools sized per queue (PoolSpec.lanes).
  readonly lanes?: readonly LaneSignals[];
}

// One queue's part of a pool's signals.
export type LaneSignals = { readonly queue: string } & Pick<
  PoolSignals,
  | 'ready'
  | 'delayed'
  | 'delayedDue'
  | 'reserved'
  | 'oldestWaitMs'
  | 'arrivalsPerSec'
  | 'completionsPerSec'
  | 'finishedTotal'
>;

// A queue with nothing in it and nothing measured: what a pool or lane nobody reported on has.
export const IDLE_BACKLOG = {
  ready: 0,
  delayed: 0,
  delayedDue: 0,
  reserved: 0,
  oldestWaitMs: null,
  arrivalsPerSec: null,
  completionsPerSec: null,
} as const satisfies Omit<LaneSignals, 'queue'>;

// The container's memory this tick, as the budget counts it (budget-view.ts). Bytes throughout.
export interface MemorySignals {
  // null: no budget, nothing is fitted.
  readonly budgetBytes: number | null;
  // What the budget holds: the container's usage as docker stats counts it (scope container),
  // or crew, its pools and the `other` allowance (scope crew); null when nothing was measured
  // (the policy then adds up crew, other and the pools itself).
  readonly usedBytes: number | null;
  readonly crewBytes: number;
  // What the budget counts beyond crew and the pools' processes (php-fpm, caches, processes
  // being stopped): measured (scope container, at least the allowance) or the allowance.
  readonly otherBytes: number;
  // Which the budget counts; absent: container.
  readonly scope?: 'crew' | 'container';
  // Memory in the cgroup that crew does not control and the budget does not count (scope crew:
  // the cgroup's usage beyond crew, its pools and the allowance); null or absent: none known.
  readonly outsideBytes?: number | null;
}
