// The autoscaler's shell: on every memory sample it reads the queue reports, runs the policy
// (scale/decide.ts, pure) on them and on the sample, emits each decision as `scale:decision` and
// applies it through the supervisor — a scale-down drains: the pool's highest-numbered processes
// go DRAINING (stopsignal, then SIGKILL after stop_timeout). Over budget, it has the supervisor
// recycle the grown process the policy names, the way the policy chose (replacement first, or in
// place when a replacement would not fit). What the budget counts comes from budgetView (the
// budget's scope: the cgroup, or crew's own processes when the cgroup holds others' too).
// `crew scale POOL=N` pins a pool (pin), `=auto` unpins it; pins live in the policy's state like
// everything else it remembers.
import type { PoolConfig } from '../config/types.js';
import { sampleBudgetView } from '../control/wire/budget-used.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { EventBus } from '../events/typed-emitter.js';
import { createPoolReadings } from '../memory/pool-readings.js';
import type { Sample } from '../memory/sample.js';
import type { QueueReport } from '../queue/types.js';
import { decide, type PolicyResult } from '../scale/decide.js';
import { type LivePool, liveSignals } from '../scale/live-signals.js';
import { specOfPool } from '../scale/pool-spec.js';
import type { MemorySignals } from '../scale/spec.js';
import { initialPolicyState, type PolicyState, pinPool } from '../scale/state.js';
import type { PoolScaling } from '../scale/types.js';
import type { ProcessSnapshot } from '../supervise/snapshot.js';
import type { Supervisor } from '../supervise/supervisor.js';

// Per-process PSS readings kept per pool for the cost's 95th percentile.
const PSS_READINGS = 240;

export interface AutoscaleDeps {
  readonly supervisor: Supervisor;
  readonly events: EventBus<CrewEvents>;
  readonly queues: () => Promise<readonly QueueReport[]>;
  // Jobs running and slots per pool of built-in workers.
  readonly busy?: () => ReadonlyMap<string, { running: number; capacity: number }>;
  // Subscribes to the memory sampler; returns the unsubscribe function.
  readonly onSample: (listener: (sample: Sample) => void) => () => void;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  // Per queue, the pools of other hosts on the same store serving it (cluster/shares.ts): this
  // host sizes its pools for its share.
  readonly peers?: () => ReadonlyMap<string, number>;
  // A pool whose one process keeps children of its own (PHP-FPM): what the budget must hold for
  // it at its most (master + pm.max_children × a child); null for other pools.
  readonly worstCaseBytes?: (pool: string) => number | null;
}

export interface Autoscaler {
  // Pins a pool at count (`crew scale POOL=N`), or unpins it with null (`crew scale POOL=auto`).
  pin(pool: string, count: number | null): void;
  // Where each pool stands after the latest tick (for /status, /metrics, the dashboard).
  scaling(): readonly PoolScaling[];
  // The latest tick's pools (with their cost) and budget; null before the first.
  latest(): Pick<PolicyResult, 'pools' | 'budget'> | null;
  // Runs one tick on a sample, as every sample does; null when skipped (a tick still running, or
  // nothing to scale).
  tick(sample: Sample): Promise<PolicyResult | null>;
  stop(): void;
}

// Starts scaling on every sample.
export function startAutoscale(deps: AutoscaleDeps): Autoscaler {
  const { supervisor, events } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  let state: PolicyState = initialPolicyState;
  let latest: Pick<PolicyResult, 'pools' | 'budget'> | null = null;
  let running = false;
  const readings = createPoolReadings(PSS_READINGS);

  // What the policy reads of each pool, from the supervisor's plain-data view.
  const livePools = (
    sample: Sample,
    configs: readonly PoolConfig[],
    view: readonly ProcessSnapshot[],
  ): Omit<LivePool, 'targetWaitMs'>[] => {
    const pssByPid = new Map(sample.processes.map((proc) => [proc.pid, proc.pssBytes] as const));
    const busy = deps.busy?.() ?? new Map();
    return configs.map(({ name }) => {
      const members = view.filter((proc) => proc.pool === name && !proc.retiring);
      const processPss = members.flatMap((proc) => {
        const pss = pssByPid.get(proc.pid ?? -1);
        return pss === undefined || proc.pid === null
          ? []
          : [{ name: proc.name, pssBytes: pss, pid: proc.pid }];
      });
      readings.add(
        name,
        processPss.map((p) => p.pssBytes),
      );
      return {
        name,
        processes: members.length,
        processPss,
        pssSamplesBytes: worstCaseOr(name, readings.of(name)),
        busy: busy.get(name) ?? null,
      };
    });
  };

  // An FPM master's tree holds the children running now; the budget holds pm.max_children.
  const worstCaseOr = (pool: string, measured: readonly number[]): number[] => {
    const worst = deps.worstCaseBytes?.(pool) ?? null;
    return worst === null ? [...measured] : [Math.max(worst, ...measured)];
  };

  const memoryOf = (sample: Sample): MemorySignals =>
    sampleBudgetView(sample, supervisor.config().budget);

  const apply = (result: PolicyResult) => {
    for (const decision of result.decisions) {
      events.emit('scale:decision', decision);
      // pool:scale and crew's log line say `scaled: payments 1→2 (why)`.
      const why = decision.reason.replace(`${decision.pool} ${decision.from}→${decision.to}: `, '');
      supervisor
        .scale(decision.pool, decision.to, why)
        .catch((error: unknown) => log(`autoscale: ${decision.pool}: ${String(error)}`));
    }
    for (const suggestion of result.recycles) {
      const { kind, reason, pid } = suggestion;
      // One replacement at a time per pool: each briefly runs two processes.
      const view = supervisor.snapshot();
      const replacing = view.some((proc) => proc.pool === suggestion.pool && proc.retiring);
      if (kind === 'replace' && replacing) continue;
      supervisor.recycle(suggestion.process, {
        kind,
        reason,
        ...(pid === undefined ? {} : { pid }),
      });
    }
  };

  const tick = async (sample: Sample): Promise<PolicyResult | null> => {
    const config = supervisor.config();
    const pinned = Object.values(state.pools).some((pool) => pool.pinned !== null);
    // `!`: versions in the history recorded before autoscaling have no such field.
    if (running || (!pinned && config.pools.every((pool) => !pool.autoscale))) return null;
    running = true;
    try {
      const reports = await deps.queues();
      const configs = supervisor.config().pools;
      const pools = livePools(sample, configs, supervisor.snapshot());
      const specs = configs.map((pool, i) => specOfPool(pool, pools[i]!.processes));
      const at = now();
      const signals = liveSignals(
        pools.map((pool, i) => ({ ...pool, targetWaitMs: specs[i]!.targetWaitMs })),
        reports,
        at,
        deps.peers?.(),
      );
      const result = decide(specs, state, signals, memoryOf(sample), at);
      state = result.state;
      latest = { pools: result.pools, budget: result.budget };
      apply(result);
      return result;
    } finally {
      running = false;
    }
  };

  const off = deps.onSample((sample) => {
    tick(sample).catch((error: unknown) => log(`autoscale: tick failed: ${String(error)}`));
  });

  return {
    pin(pool, count) {
      state = pinPool(state, pool, count, now());
    },
    scaling: () => latest?.pools ?? [],
    latest: () => latest,
    tick,
    stop: off,
  };
}
