// Which processes to recycle, decided from measurements alone: a process whose tree's PSS passed
// its pool's max_memory, or whose uptime passed max_uptime, is replaced (replacement first);
// one above 1.5 × max_memory is running away and is killed at once. With a budget, a replacement
// is counted before it starts: if the pool's usual size does not fit in what the budget has left,
// the process is recycled in place (killed, then started again) instead, so that recycling never
// pushes the container over its budget — unless its pool is critical, which never runs short
// (the rule of scale/recycle-choice.ts, which the autoscaler's own recycles follow). A recycle for
// uptime is not urgent: without room it waits for some.
import type { PoolConfig, RecycleConfig } from '../config/types.js';
import { formatBytes, formatDuration } from '../config/units.js';
import type { ProcessState } from './process-state.js';
import type { ProcessSnapshot } from './snapshot.js';

export const runawayFactor = 1.5;

export interface RecycleCandidate {
  readonly name: string;
  readonly pool: string;
  readonly pid: number | null;
  readonly critical: boolean;
  readonly state: ProcessState;
  readonly pssBytes: number | null;
  readonly uptimeMs: number | null;
  // Already being replaced.
  readonly retiring: boolean;
  readonly recycle: RecycleConfig;
}

// How a process is recycled: `replace` starts its replacement first and then drains it;
// `restart` drains it (stopsignal, stop_timeout) and starts it again in place, for when the budget
// has no room for a replacement; `kill` SIGKILLs it now (a runaway, a blocked worker).
export type RecycleKind = 'replace' | 'kill' | 'restart';

export interface RecycleDecision {
  readonly name: string;
  readonly pool: string;
  readonly pid: number | null;
  readonly kind: RecycleKind;
  readonly reason: string;
}

// The budget's room for replacements, when there is a budget.
export interface RecycleRoom {
  // What the budget has left beside everything running now (negative when over).
  readonly roomBytes: number;
  // What a fresh process of the pool is expected to use; null when unknown (taken to fit).
  replacementBytes(pool: string): number | null;
}

// What the supervisor is asked to do to one process (see Supervisor.recycle).
export interface RecycleRequest {
  readonly kind: RecycleKind;
  readonly reason: string;
  // Only the process with this pid: while one replaces another, two processes share a name.
  readonly pid?: number;
}

// The processes as decideRecycles reads them: PSS by pid, each pool's recycle settings.
export function recycleCandidates(
  processes: readonly ProcessSnapshot[],
  pools: readonly PoolConfig[],
  pssByPid: ReadonlyMap<number, number>,
): RecycleCandidate[] {
  const configs = new Map(pools.map((pool) => [pool.name, pool] as const));
  return processes.flatMap((proc) => {
    const config = configs.get(proc.pool);
    if (!config) return [];
    const { name, pool, state, pid, uptimeMs, retiring } = proc;
    const pssBytes = pid === null ? null : (pssByPid.get(pid) ?? null);
    const { recycle, critical } = config;
    return [{ name, pool, pid, critical, state, pssBytes, uptimeMs, retiring, recycle }];
  });
}

const mib = (bytes: number) => `${formatBytes(bytes, 'MiB')} MiB`;

// Decides, for every RUNNING process, whether it must be replaced or killed, and why; with a
// budget's `room`, a replacement that does not fit recycles in place instead.
export function decideRecycles(
  candidates: readonly RecycleCandidate[],
  room: RecycleRoom | null = null,
): RecycleDecision[] {
  const decisions: RecycleDecision[] = [];
  let left = room?.roomBytes ?? Number.POSITIVE_INFINITY;
  for (const proc of candidates) {
    if (proc.state !== 'RUNNING' || proc.retiring) continue;
    const { maxMemoryBytes, maxUptimeMs } = proc.recycle;
    const pss = proc.pssBytes;
    // An urgent recycle (memory) goes in place when its replacement does not fit; one that is
    // not (uptime) waits for room.
    const decide = (wanted: RecycleDecision['kind'], why: string, urgent = true) => {
      const need = wanted === 'replace' ? (room?.replacementBytes(proc.pool) ?? 0) : 0;
      const inPlace = wanted === 'replace' && need > left && !proc.critical;
      if (inPlace && !urgent) return;
      if (wanted === 'replace' && !inPlace) left -= need;
      const short =
        left <= 0
          ? `the budget has no room for a ${mib(need)} replacement`
          : `a ${mib(need)} replacement does not fit the ${mib(left)} left in the budget`;
      const reason = inPlace ? `${why}; in place, as ${short}` : why;
      const kind = inPlace ? 'restart' : wanted;
      decisions.push({ name: proc.name, pool: proc.pool, pid: proc.pid, kind, reason });
    };
    if (maxMemoryBytes !== null && pss !== null && pss > maxMemoryBytes * runawayFactor) {
      decide(
        'kill',
        `runaway: PSS ${formatBytes(pss)} > ${runawayFactor} × max_memory ${formatBytes(maxMemoryBytes)}`,
      );
    } else if (maxMemoryBytes !== null && pss !== null && pss > maxMemoryBytes) {
      decide('replace', `PSS ${formatBytes(pss)} > max_memory ${formatBytes(maxMemoryBytes)}`);
    } else if (maxUptimeMs !== null && proc.uptimeMs !== null && proc.uptimeMs > maxUptimeMs) {
      decide(
        'replace',
        `uptime ${formatDuration(proc.uptimeMs)} > max_uptime ${formatDuration(maxUptimeMs)}`,
        false,
      );
    }
  }
  return decisions;
}
