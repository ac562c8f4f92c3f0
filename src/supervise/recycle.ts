// Which processes to recycle, decided from measurements alone: a process whose tree's PSS passed
// its pool's max_memory, or whose uptime passed max_uptime, is replaced (replacement first);
// one above 1.5 × max_memory is running away and is killed at once.
import type { PoolConfig, RecycleConfig } from '../config/types.js';
import { formatBytes, formatDuration } from '../config/units.js';
import type { ProcessState } from './process-state.js';
import type { ProcessSnapshot } from './snapshot.js';

export const runawayFactor = 1.5;

export interface RecycleCandidate {
  readonly name: string;
  readonly pool: string;
  readonly state: ProcessState;
  readonly pssBytes: number | null;
  readonly uptimeMs: number | null;
  // Already being replaced.
  readonly retiring: boolean;
  readonly recycle: RecycleConfig;
}

export interface RecycleDecision {
  readonly name: string;
  readonly pool: string;
  readonly kind: 'replace' | 'kill';
  readonly reason: string;
}

// What the supervisor is asked to do to one process (see Supervisor.recycle).
export interface RecycleRequest {
  readonly kind: 'replace' | 'kill';
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
  const settings = new Map(pools.map((pool) => [pool.name, pool.recycle] as const));
  return processes.flatMap((proc) => {
    const recycle = settings.get(proc.pool);
    if (!recycle) return [];
    const { name, pool, state, pid, uptimeMs, retiring } = proc;
    const pssBytes = pid === null ? null : (pssByPid.get(pid) ?? null);
    return [{ name, pool, state, pssBytes, uptimeMs, retiring, recycle }];
  });
}

// Decides, for every RUNNING process, whether it must be replaced or killed, and why.
export function decideRecycles(candidates: readonly RecycleCandidate[]): RecycleDecision[] {
  const decisions: RecycleDecision[] = [];
  for (const proc of candidates) {
    if (proc.state !== 'RUNNING' || proc.retiring) continue;
    const { maxMemoryBytes, maxUptimeMs } = proc.recycle;
    const pss = proc.pssBytes;
    const decide = (kind: RecycleDecision['kind'], reason: string) =>
      decisions.push({ name: proc.name, pool: proc.pool, kind, reason });
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
      );
    }
  }
  return decisions;
}
