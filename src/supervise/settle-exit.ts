// What happens between a child's exit event and its exit record: whatever is left of its
// process group is waited out or killed, then the exit is classified.
import type { PoolConfig } from '../config/types.js';
import { classifyExit, type ExitRecord } from './exit-record.js';
import type { Lifecycle } from './process-state.js';
import { signalProcess, waitForGroupGone } from './signals.js';

export interface ChildExit {
  readonly pid: number;
  readonly spawnedAt: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SettleDeps {
  // Read as they stand: both may change while the group is waited out.
  readonly pool: () => PoolConfig;
  readonly life: () => Lifecycle;
  readonly now: () => number;
}

// Cleans up the exited child's group (when kill_tree) and returns the record of how it ended.
export async function settleExit(exit: ChildExit, deps: SettleDeps): Promise<ExitRecord> {
  const state = deps.life().state;
  const stopping = state === 'STOPPING' || state === 'DRAINING';
  const pool = deps.pool();
  if (pool.killTree) {
    // Whatever is left in the group (a wrapper's children) must not outlive the process.
    // While stopping, the armed kill timer SIGKILLs the group at stop_timeout.
    if (stopping) await waitForGroupGone(exit.pid, pool.stopTimeoutMs + 1000);
    else signalProcess(exit.pid, 'SIGKILL', true);
  }
  const settledPool = deps.pool();
  return classifyExit({
    exitCode: exit.exitCode,
    signal: exit.signal,
    startedAt: exit.spawnedAt,
    endedAt: deps.now(),
    life: deps.life(),
    exitcodes: settledPool.exitcodes,
    recycleExitCodes: settledPool.recycle.exitCodes,
  });
}
