// The supervisor: pools of managed processes, started in ascending priority and stopped in
// descending priority, reconfigured by applying a new config with the fewest restarts.
import { describeDiff, diffConfigs, needsRestart, reloadSignalOf } from '../config/diff.js';
import type { CrewConfig, PoolConfig } from '../config/types.js';
import { createEmitter, type EventBus } from '../events/typed-emitter.js';
import type { SupervisorEvents } from './events.js';
import type { ManagedProcess, ManagedProcessDeps } from './managed-process.js';
import type { OutputTargets } from './output.js';
import { createPool, type Pool } from './pool.js';
import {
  decideRecycles,
  type RecycleDecision,
  type RecycleRequest,
  recycleCandidates,
} from './recycle.js';
import { findPool, selectProcesses } from './selector.js';
import { type ProcessSnapshot, snapshotPools } from './snapshot.js';

export interface SupervisorOptions {
  readonly config: CrewConfig;
  readonly events?: EventBus<SupervisorEvents>;
  readonly now?: () => number;
  readonly outputTargets?: OutputTargets;
  readonly onSpawn?: ManagedProcessDeps['onSpawn'];
  readonly onReap?: ManagedProcessDeps['onReap'];
  readonly onMessage?: ManagedProcessDeps['onMessage'];
  readonly instancePrefix?: string;
  readonly lineStyle?: ManagedProcessDeps['lineStyle'];
}

export interface Supervisor {
  readonly events: EventBus<SupervisorEvents>;
  config(): CrewConfig;
  pools(): readonly Pool[];
  // Starts every autostart pool, lowest priority number first.
  start(): void;
  select(selector: string): ManagedProcess[];
  startProcesses(selector: string): Promise<ManagedProcess[]>;
  stopProcesses(selector: string): Promise<ManagedProcess[]>;
  restartProcesses(selector: string): Promise<ManagedProcess[]>;
  signalProcesses(signal: NodeJS.Signals, selector: string): ManagedProcess[];
  scale(poolName: string, count: number, reason: string): Promise<{ from: number; to: number }>;
  // Decides from measured PSS (of each process's tree, by pid) which processes to recycle
  // (decideRecycles) and recycles each; returns the decisions taken.
  checkRecycles(pssByPid: ReadonlyMap<number, number>): RecycleDecision[];
  // The one way to recycle a process, and the one place that emits process:recycle. replace:
  // a replacement of the same name starts, and once it is RUNNING this one drains (if it fails,
  // this one stays); kill: its group is SIGKILLed now, the exit recorded as recycled, and it
  // restarts. False when no process of that name (and pid, if given) can take it.
  recycle(name: string, request: RecycleRequest): boolean;
  // SIGKILLs every stopping or draining process's group now (a second Ctrl-C).
  killStopping(): void;
  // A plain-data view of every process, retiring ones included.
  snapshot(): ProcessSnapshot[];
  // Applies a new config: unchanged pools untouched, count changes scaled, changed pools restarted.
  apply(next: CrewConfig): Promise<string[]>;
  // Stops everything, highest priority number first; resolves when all are down.
  shutdown(): Promise<void>;
}

// Groups pools by priority, ascending.
function byPriority(pools: readonly Pool[]): Pool[][] {
  const levels = new Map<number, Pool[]>();
  for (const pool of pools) {
    const level = levels.get(pool.config.priority) ?? [];
    level.push(pool);
    levels.set(pool.config.priority, level);
  }
  return [...levels.entries()].sort(([a], [b]) => a - b).map(([, level]) => level);
}

// The count a kept pool has after a reload: a fixed pool takes `processes`; an autoscaled one
// keeps what the policy gave it, brought within the new [min, max].
function reloadCount(pool: Pool, next: PoolConfig): number {
  const current = pool.processes().length;
  // `!`: versions in the history recorded before autoscaling have no such field.
  if (!next.autoscale) return next.processes;
  return Math.min(next.autoscale.max, Math.max(next.autoscale.min, current));
}

// Creates a supervisor for the config; nothing runs until start().
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const events = options.events ?? createEmitter<SupervisorEvents>();
  const deps: ManagedProcessDeps = {
    events,
    now: options.now ?? Date.now,
    outputTargets: options.outputTargets,
    onSpawn: options.onSpawn ?? (() => {}),
    onReap: options.onReap ?? (() => {}),
    onMessage: options.onMessage,
    instancePrefix: options.instancePrefix,
    lineStyle: options.lineStyle,
  };
  let config = options.config;
  let pools: Pool[] = config.pools.map((pool) => createPool(pool, deps));

  events.on('process:state', ({ name, pool, to }) => {
    if (to !== 'FATAL') return;
    if (pools.find((candidate) => candidate.config.name === pool)?.config.critical) {
      events.emit('supervisor:critical', { pool, process: name });
    }
  });

  let shuttingDown = false;
  const stopPools = async (targets: readonly Pool[]) => {
    for (const level of byPriority(targets).reverse()) {
      await Promise.all(level.map((pool) => pool.stopAll()));
    }
  };
  const startPools = (targets: readonly Pool[]) => {
    for (const level of byPriority(targets)) for (const pool of level) pool.startAll();
  };
  const scalePool = async (pool: Pool, count: number, reason: string) => {
    const from = pool.processes().length;
    if (from === count) return { from, to: count };
    await pool.scale(count, reason);
    events.emit('pool:scale', { pool: pool.config.name, from, to: count, reason });
    return { from, to: count };
  };

  // Drains a process (its stopsignal, stop_timeout) and starts it again, unless meanwhile it
  // left its pool (scale-down, reload) or crew is shutting down.
  const restartInPlace = async (pool: Pool, proc: ManagedProcess) => {
    await proc.stop();
    if (!shuttingDown && pool.processes().includes(proc)) proc.start();
  };

  const recycle = (name: string, request: RecycleRequest): boolean => {
    const { kind, reason, pid } = request;
    for (const pool of pools) {
      // A process waiting for its replacement or draining can still be killed, never replaced twice.
      const members = kind === 'kill' ? pool.members() : pool.processes();
      for (const proc of members) {
        if (proc.name !== name || (pid !== undefined && proc.pid() !== pid)) continue;
        if (kind === 'restart' && proc.state() !== 'RUNNING') continue;
        const taken =
          kind === 'kill'
            ? proc.killNow(reason)
            : kind === 'replace'
              ? proc.markReplaced(reason)
              : true;
        if (!taken) continue;
        events.emit('process:recycle', { name, pool: pool.config.name, kind, reason });
        if (kind === 'replace') void pool.replace(proc);
        if (kind === 'restart') void restartInPlace(pool, proc);
        return true;
      }
    }
    return false;
  };

  return {
    events,
    config: () => config,
    pools: () => pools,
    start() {
      startPools(pools.filter((pool) => pool.config.autostart));
    },
    select: (selector) => selectProcesses(pools, selector),
    async startProcesses(selector) {
      const targets = selectProcesses(pools, selector);
      for (const proc of targets) proc.start();
      return targets;
    },
    async stopProcesses(selector) {
      const targets = selectProcesses(pools, selector);
      await Promise.all(targets.map((proc) => proc.stop()));
      return targets;
    },
    async restartProcesses(selector) {
      const targets = selectProcesses(pools, selector);
      await Promise.all(targets.map((proc) => proc.stop()));
      for (const proc of targets) proc.start();
      return targets;
    },
    signalProcesses(signal, selector) {
      return selectProcesses(pools, selector).filter((proc) => proc.signal(signal));
    },
    scale: (poolName, count, reason) => scalePool(findPool(pools, poolName), count, reason),
    checkRecycles(pssByPid) {
      const configs = pools.map((pool) => pool.config);
      const candidates = recycleCandidates(snapshotPools(pools, deps.now()), configs, pssByPid);
      const decisions = decideRecycles(candidates);
      return decisions.filter((d) => recycle(d.name, { kind: d.kind, reason: d.reason }));
    },
    recycle,
    killStopping() {
      for (const pool of pools) for (const proc of pool.members()) proc.kill();
    },
    snapshot: () => snapshotPools(pools, deps.now()),
    async apply(next) {
      const diff = diffConfigs(config, next);
      const nextByName = new Map(next.pools.map((pool) => [pool.name, pool] as const));
      const kept: Pool[] = [];
      const removed: Pool[] = [];
      const restarted: Pool[] = [];
      const created: Pool[] = [];
      for (const pool of pools) {
        const change = diff.pools.find((entry) => entry.name === pool.config.name);
        const target = nextByName.get(pool.config.name);
        if (!target || change?.kind === 'removed') removed.push(pool);
        else if (change && needsRestart(change)) restarted.push(pool);
        else {
          pool.reconfigure(target);
          kept.push(pool);
          const reload = change ? reloadSignalOf(change) : null;
          if (reload) for (const proc of pool.processes()) proc.signal(reload);
        }
      }
      await stopPools([...removed, ...restarted]);
      for (const pool of [...removed, ...restarted])
        for (const proc of pool.processes()) proc.output.close();
      config = next;
      const byName = new Map(pools.map((pool) => [pool.config.name, pool] as const));
      pools = next.pools.map((target: PoolConfig) => {
        const existing = byName.get(target.name);
        if (existing && kept.includes(existing)) return existing;
        const pool = createPool(target, deps);
        created.push(pool);
        return pool;
      });
      startPools(created.filter((pool) => pool.config.autostart));
      for (const pool of pools) {
        if (kept.includes(pool)) {
          await scalePool(
            pool,
            reloadCount(pool, nextByName.get(pool.config.name)!),
            'config reload',
          );
        }
      }
      return describeDiff(diff);
    },
    async shutdown() {
      shuttingDown = true;
      await stopPools(pools);
      for (const pool of pools) for (const proc of pool.processes()) proc.output.close();
    },
  };
}
