// Signals to a process or its whole process group (every managed process leads its own group).
import { setTimeout as delay } from 'node:timers/promises';
import { listProcesses } from '../memory/process-tree.js';

// Sends a signal; returns false when nothing received it.
export function signalProcess(pid: number, signal: NodeJS.Signals | 0, group: boolean): boolean {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

// Whether a pool's stop signal and `crew signal` go to the process's whole group (kill_tree), or
// to the process alone: PHP-FPM's master passes QUIT, USR1 and USR2 on in its own way, and its
// children die on a USR1 or USR2 of their own (they reset those to the default action).
export function signalsGroup(pool: {
  readonly killTree: boolean;
  readonly fpm?: unknown;
}): boolean {
  return pool.killTree && (pool.fpm ?? null) === null;
}

// True while any process is left in the group led by pgid. As PID 1 (a container without an
// init), a process of the group orphaned to crew stays a zombie once it exits: Node reaps only
// the children it spawned. A zombie holds no memory and never goes, so a group of zombies alone
// counts as gone (else it would hold every stop until stop_timeout).
export function isGroupAlive(pgid: number, asInit = process.pid === 1): boolean {
  if (!signalProcess(pgid, 0, true)) return false;
  if (!asInit) return true;
  for (const stat of listProcesses().values())
    if (stat.pgid === pgid && stat.state !== 'Z') return true;
  return false;
}

// Waits (polling every 20 ms) until the group is empty; false if it outlived timeoutMs.
export async function waitForGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await delay(20);
  }
  return true;
}
