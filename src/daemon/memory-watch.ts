// The daemon's memory loop: the sampler measures every managed process's tree, crew and the
// container each interval; each sample drives recycling (max_memory, max_uptime: decideRecycles,
// with the budget's room for replacements) and serves `crew status`/`crew stats`.
import type { CrewConfig } from '../config/types.js';
import { sampleBudgetView } from '../control/wire/budget-used.js';
import { buildStats, type StatsReport } from '../control/wire/memory.js';
import { createPoolReadings, type PoolReadings } from '../memory/pool-readings.js';
import { listProcesses, readTreeMemoryAsync } from '../memory/process-tree.js';
import type { Sample, SampleTarget } from '../memory/sample.js';
import { createSampler, type Sampler } from '../memory/sampler.js';
import { percentile } from '../scale/cost.js';
import { decideRecycles, type RecycleRoom, recycleCandidates } from '../supervise/recycle.js';
import type { Supervisor } from '../supervise/supervisor.js';

export interface MemoryWatch {
  sampler(): Sampler;
  stats(): Promise<StatsReport>;
  // PSS and RSS of each pid's tree: from the latest sample, read now for pids it lacks.
  memoryOf(
    pids: readonly number[],
  ): Promise<ReadonlyMap<number, { rssBytes: number; pssBytes: number }>>;
  // Takes a new config (a changed sample_interval restarts the timer, keeping the history).
  reconfigure(config: CrewConfig): Promise<void>;
  // Calls listener with every sample, across sampler restarts; returns the unsubscribe function.
  onSample(listener: (sample: Sample) => void): () => void;
  stop(): Promise<void>;
}

// Every managed process that is up, replacements and the ones they replace included.
function targetsOf(supervisor: Supervisor): SampleTarget[] {
  return supervisor
    .snapshot()
    .flatMap(({ name, pool, pid }) => (pid === null ? [] : [{ name, pool, pid }]));
}

// Recycles what passed max_memory or max_uptime; a replacement that would not fit in the budget
// (its pool's expect_memory, else the median of its readings) recycles in place instead.
function recycleGrown(supervisor: Supervisor, sample: Sample, readings: PoolReadings): void {
  const config = supervisor.config();
  const view = supervisor.snapshot();
  const pssByPid = new Map(sample.processes.map((proc) => [proc.pid, proc.pssBytes] as const));
  for (const pool of config.pools) {
    const pids = view.filter((p) => p.pool === pool.name && !p.retiring).map((p) => p.pid);
    readings.add(
      pool.name,
      pids.flatMap((pid) => (pid !== null && pssByPid.has(pid) ? [pssByPid.get(pid)!] : [])),
    );
  }
  const memory = sampleBudgetView(sample, config.budget);
  const expected = new Map(config.pools.map((pool) => [pool.name, pool.expectMemoryBytes]));
  const room: RecycleRoom | null =
    memory.budgetBytes === null || memory.usedBytes === null
      ? null
      : {
          roomBytes: memory.budgetBytes - memory.usedBytes,
          replacementBytes: (pool) => expected.get(pool) ?? percentile(readings.of(pool), 0.5),
        };
  const candidates = recycleCandidates(view, config.pools, pssByPid);
  for (const decision of decideRecycles(candidates, room)) {
    const { kind, reason, pid } = decision;
    supervisor.recycle(decision.name, { kind, reason, ...(pid === null ? {} : { pid }) });
  }
}

// Starts sampling at the config's interval.
export function startMemoryWatch(supervisor: Supervisor, initial: CrewConfig): MemoryWatch {
  let config = initial;
  const listeners = new Set<(sample: Sample) => void>();
  const readings = createPoolReadings();
  const onSample = (sample: Sample) => {
    recycleGrown(supervisor, sample, readings);
    for (const listener of listeners) listener(sample);
  };
  const create = (intervalMs: number, history?: Sampler['history']) => {
    const created = createSampler({ intervalMs, targets: () => targetsOf(supervisor), history });
    created.onSample(onSample);
    created.start();
    return created;
  };
  let sampler = create(config.sampleIntervalMs);

  return {
    sampler: () => sampler,
    async stats() {
      const sample = sampler.latest() ?? (await sampler.sampleNow());
      const names = config.pools.map((pool) => pool.name);
      // The budget as written (scope, other): the figure the policy compares is what is shown.
      return buildStats(sample, names, config.budget);
    },
    async memoryOf(pids) {
      const known = new Map(
        (sampler.latest()?.processes ?? []).map((proc) => [proc.pid, proc] as const),
      );
      const missing = pids.filter((pid) => !known.has(pid));
      const table = missing.length > 0 ? listProcesses() : null;
      const read = await Promise.all(missing.map((pid) => readTreeMemoryAsync(pid, table!)));
      const result = new Map<number, { rssBytes: number; pssBytes: number }>();
      for (const pid of pids) {
        const proc = known.get(pid);
        if (proc) result.set(pid, { rssBytes: proc.rssBytes, pssBytes: proc.pssBytes });
      }
      for (const [i, pid] of missing.entries()) {
        result.set(pid, { rssBytes: read[i]!.rssBytes, pssBytes: read[i]!.pssBytes });
      }
      return result;
    },
    async reconfigure(next) {
      const previous = config;
      config = next;
      if (next.sampleIntervalMs === previous.sampleIntervalMs) return;
      await sampler.stop();
      sampler = create(next.sampleIntervalMs, sampler.history);
    },
    onSample(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => sampler.stop(),
  };
}
