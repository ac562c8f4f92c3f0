// The daemon's PHP-FPM loop: for each fpm: pool whose master is up, every status_interval, read
// each FPM pool's status page (`?json&full`) straight from its listen socket, then the memory of
// the master and of every child the page lists. A page that stops answering is one event with
// the reason (and one when it answers again), never a crash; what was read serves `crew status`,
// `crew stats`, /status, /metrics, the dashboard, the budget (the pool's worst case) and
// `crew plan`.
import type { CrewConfig, FpmPoolView, PoolConfig } from '../config/types.js';
import type { FpmPoolState } from '../control/wire/fpm.js';
import { type FpmPlanJson, fpmPlanPoolJson } from '../control/wire/fpm-plan.js';
import type { StatsReport } from '../control/wire/memory.js';
import type { EventBus } from '../events/typed-emitter.js';
import type { FpmEvents } from '../fpm/events.js';
import { readFpmStatus } from '../fpm/status/read-status.js';
import {
  emptyFpmReadings,
  type FpmChildReading,
  type FpmReadings,
  fpmWorstCase,
  withAnswer,
  withFailure,
} from '../fpm/watch/fpm-readings.js';
import { readProcessMemoryAsync } from '../memory/process-memory.js';
import type { PolicyResult } from '../scale/decide.js';
import type { Supervisor } from '../supervise/supervisor.js';

export interface FpmWatch {
  // Every FPM pool of every fpm: crew pool, in config order.
  states(): readonly FpmPoolState[];
  // The budget's view of an fpm: crew pool: master + pm.max_children × a child's p95, summed
  // over its FPM pools; null for another pool or before anything was measured.
  worstCaseBytes(pool: string): number | null;
  // Reads every page now (tests and `crew plan` ask for a fresh reading).
  readNow(): Promise<void>;
  reconfigure(config: CrewConfig): void;
  stop(): void;
}

export interface FpmWatchDeps {
  readonly supervisor: Supervisor;
  readonly events: EventBus<FpmEvents>;
  readonly now?: () => number;
}

const key = (pool: string, fpmPool: string) => `${pool}\0${fpmPool}`;

function unreadWhy(pool: PoolConfig, view: FpmPoolView): string | null {
  if (pool.fpm?.statusIntervalMs === 0) return 'status_interval is 0';
  if (view.statusPath === null || view.statusListen === null)
    return `no pm.status_path in [${view.name}] (${view.maxChildrenAt.file})`;
  return null;
}

export function startFpmWatch(initial: CrewConfig, deps: FpmWatchDeps): FpmWatch {
  const now = deps.now ?? Date.now;
  let config = initial;
  const readings = new Map<string, FpmReadings>();
  const timers = new Map<string, NodeJS.Timeout>();
  const busy = new Set<string>();
  let stopped = false;

  const masterPid = (pool: string): number | null => {
    const proc = deps.supervisor
      .snapshot()
      .find((p) => p.pool === pool && !p.retiring && p.state === 'RUNNING');
    return proc?.pid ?? null;
  };

  const readOne = async (pool: PoolConfig, view: FpmPoolView) => {
    const id = key(pool.name, view.name);
    const pid = masterPid(pool.name);
    if (pid === null || unreadWhy(pool, view) !== null || busy.has(id)) return;
    busy.add(id);
    try {
      const interval = pool.fpm!.statusIntervalMs;
      const result = await readFpmStatus({
        listen: view.statusListen!,
        path: view.statusPath!,
        full: true,
        timeoutMs: Math.min(3000, Math.max(500, interval)),
      });
      if (stopped) return;
      const prev = readings.get(id) ?? emptyFpmReadings;
      if (!result.ok) {
        // A master that has just been stopped or restarted is not a page that stopped answering.
        if (masterPid(pool.name) !== pid) return;
        if (prev.downSinceMs === null)
          deps.events.emit('fpm:unreachable', {
            pool: pool.name,
            fpmPool: view.name,
            reason: result.message,
          });
        readings.set(id, withFailure(prev, now(), result.message));
        return;
      }
      // A slot php-fpm is still forking is listed with pid 0: not a child yet.
      const listed = result.status.processes.filter((child) => child.pid > 0);
      const children: FpmChildReading[] = await Promise.all(
        listed.map(async (child) => ({
          pid: child.pid,
          state: child.state,
          requests: child.requests,
          requestDurationMs: child.requestDuration / 1000,
          lastRequestMemoryBytes: child.lastRequestMemory,
          lastRequestCpu: child.lastRequestCpu,
          pssBytes: (await readProcessMemoryAsync(child.pid))?.pssBytes ?? null,
          servingCrew:
            child.state !== 'Idle' && child.requestUri?.startsWith(view.statusPath!) === true,
        })),
      );
      const master = (await readProcessMemoryAsync(pid))?.pssBytes ?? null;
      if (stopped) return;
      if (prev.downSinceMs !== null)
        deps.events.emit('fpm:reachable', {
          pool: pool.name,
          fpmPool: view.name,
          downMs: now() - prev.downSinceMs,
        });
      readings.set(id, withAnswer(prev, now(), result.status, children, master));
    } finally {
      busy.delete(id);
    }
  };

  const readPool = (pool: PoolConfig) =>
    Promise.all((pool.fpm?.pools ?? []).map((view) => readOne(pool, view)));

  const schedule = () => {
    for (const timer of timers.values()) clearInterval(timer);
    timers.clear();
    for (const pool of config.pools) {
      const interval = pool.fpm?.statusIntervalMs ?? 0;
      if (interval === 0) continue;
      const timer = setInterval(() => void readPool(pool), interval);
      timer.unref();
      timers.set(pool.name, timer);
    }
  };
  schedule();

  const states = (): FpmPoolState[] =>
    config.pools.flatMap((pool) =>
      (pool.fpm?.pools ?? []).map((view) => ({
        pool: pool.name,
        view,
        readings: readings.get(key(pool.name, view.name)) ?? emptyFpmReadings,
        unread: unreadWhy(pool, view),
      })),
    );

  return {
    states,
    worstCaseBytes(pool) {
      const mine = states().filter((s) => s.pool === pool);
      if (mine.length === 0) return null;
      return fpmWorstCase(
        mine.map((s) => ({ maxChildren: s.view.maxChildren, readings: s.readings })),
      );
    },
    readNow: async () => {
      await Promise.all(config.pools.map(readPool));
    },
    reconfigure(next) {
      config = next;
      const names = new Set(
        next.pools.flatMap((p) => (p.fpm?.pools ?? []).map((v) => key(p.name, v.name))),
      );
      for (const id of readings.keys()) if (!names.has(id)) readings.delete(id);
      schedule();
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearInterval(timer);
      timers.clear();
    },
  };
}

// The budget as the plan sees it: the pool budget, and every pool at its floor and cost.
export interface PlanBudget {
  readonly poolBudgetBytes: number | null;
  readonly pools: readonly {
    readonly pool: string;
    readonly min: number;
    readonly costBytes: number | null;
  }[];
}

// The autoscaler's latest tick as the plan's budget; null before a tick.
export function planBudgetOf(
  latest: Pick<PolicyResult, 'pools' | 'budget'> | null,
): PlanBudget | null {
  return latest === null
    ? null
    : { poolBudgetBytes: latest.budget.poolBudgetBytes, pools: latest.pools };
}

// Without an autoscaler tick (no pool to scale): the latest memory report, each pool at what it
// holds now; the FPM pool's own worst case is its room, so it is left out.
export function planBudgetFromStats(stats: StatsReport): PlanBudget {
  const budget = stats.budget.budget_bytes;
  return {
    poolBudgetBytes:
      budget === null ? null : budget - stats.budget.parts.crew - stats.budget.parts.other,
    pools: stats.pools.map((p) => ({ pool: p.name, min: 1, costBytes: p.pss_bytes })),
  };
}

// What `crew plan` reads of each FPM pool: its readings and its room in the budget, which is the
// pool budget less every other pool at its floor and cost (another fpm: pool at its worst case,
// as the autoscaler counts it); null without a budget.
export function fpmPlanOf(
  states: readonly FpmPoolState[],
  config: CrewConfig,
  budget: PlanBudget,
): FpmPlanJson {
  const poolBudget = budget.poolBudgetBytes;
  const roomOf = (pool: string) =>
    poolBudget === null
      ? null
      : budget.pools
          .filter((p) => p.pool !== pool)
          .reduce((room, p) => room - p.min * (p.costBytes ?? 0), poolBudget);
  const expectOf = (pool: string) =>
    config.pools.find((p) => p.name === pool)?.expectMemoryBytes ?? null;
  return {
    pools: states.map((s) =>
      fpmPlanPoolJson(s.pool, s.view, s.readings, roomOf(s.pool), expectOf(s.pool)),
    ),
  };
}
