// Where a blocked worker is killed. A worker host reports once a second, and before a handler
// can block its event loop it reports its hard deadline (the job's timeout + grace + slack). A
// handler that blocks the loop cannot be aborted and the process cannot report: once the deadline
// passes with no newer report, the daemon SIGKILLs the process (as a recycle) and the store
// delivers its jobs again.
import type { WorkerState } from './reports.js';

export const blockedReason = 'a job blocked its event loop past its timeout';

type Watched = Pick<WorkerState, 'pid' | 'hardDeadline'>;

// The processes whose last report's hard deadline has passed (pure).
export function findBlocked(
  workers: ReadonlyMap<string, Watched>,
  now: number,
): { name: string; pid: number }[] {
  const blocked: { name: string; pid: number }[] = [];
  for (const [name, { pid, hardDeadline }] of workers) {
    if (hardDeadline !== null && now > hardDeadline) blocked.push({ name, pid });
  }
  return blocked;
}

export interface WatchdogDeps {
  readonly workers: () => ReadonlyMap<string, Watched>;
  // Kills that process now (recorded as a recycle); it restarts like any exit.
  readonly kill: (name: string, pid: number, reason: string) => void;
  // Forgets the process so it is killed once.
  readonly forget: (name: string) => void;
  readonly now?: () => number;
  readonly intervalMs?: number;
}

// Checks every interval (1 s); returns the function that stops it.
export function startWatchdog(deps: WatchdogDeps): () => void {
  const now = deps.now ?? Date.now;
  const timer = setInterval(() => {
    for (const { name, pid } of findBlocked(deps.workers(), now())) {
      deps.forget(name);
      deps.kill(name, pid, blockedReason);
    }
  }, deps.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
