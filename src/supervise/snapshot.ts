// A plain-data view of every process, and supervisorctl's description column for it.
import type { ExitRecord } from './exit-record.js';
import type { ManagedProcess } from './managed-process.js';
import type { Pool } from './pool.js';
import type { ProcessState, Retirement } from './process-state.js';

export interface ProcessSnapshot {
  readonly name: string;
  readonly pool: string;
  readonly group: string | null;
  readonly num: number;
  readonly state: ProcessState;
  readonly pid: number | null;
  readonly startedAt: number | null;
  readonly uptimeMs: number | null;
  readonly exits: readonly ExitRecord[];
  readonly description: string;
  // Leaving its pool (derived from its lifecycle): waiting for its replacement, or DRAINING.
  readonly retiring: boolean;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Formats an uptime as supervisorctl does: "0:05:00", "2 days, 3:04:05".
export function formatUptime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const seconds = String(total % 60).padStart(2, '0');
  const clock = `${hours}:${minutes}:${seconds}`;
  if (days === 0) return clock;
  return `${days} ${days === 1 ? 'day' : 'days'}, ${clock}`;
}

// Formats a time as supervisord's stop time: "Nov 27 03:22 AM".
export function formatStopTime(at: number): string {
  const date = new Date(at);
  const hours = date.getHours();
  const hour12 = String(hours % 12 === 0 ? 12 : hours % 12).padStart(2, '0');
  const minutes = String(date.getMinutes()).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${months[date.getMonth()]} ${day} ${hour12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

// supervisorctl's description for a process in a given state; a retiring one says why.
export function describeProcess(
  state: ProcessState,
  pid: number | null,
  uptimeMs: number | null,
  lastExit: ExitRecord | null,
  retiring: Retirement | null = null,
): string {
  const why = retiring && retiring.kind !== 'kill' ? `, retiring: ${retiring.reason}` : '';
  switch (state) {
    case 'RUNNING':
    case 'DRAINING':
      return `pid ${pid}, uptime ${formatUptime(uptimeMs ?? 0)}${why}`;
    case 'BACKOFF':
    case 'FATAL':
      if (lastExit?.reason === 'spawn-failed') return `spawn error: ${lastExit.error}`;
      return 'Exited too quickly (process log may have details)';
    case 'STOPPED':
    case 'EXITED':
      return lastExit ? formatStopTime(lastExit.endedAt) : 'Not started';
    default:
      return '';
  }
}

// Takes a snapshot of every process of the pools at time `now`.
export function snapshotPools(pools: readonly Pool[], now: number): ProcessSnapshot[] {
  return pools.flatMap((pool) =>
    // The pool's processes by number, then those leaving it (status lists them in this order).
    [...pool.processes(), ...pool.retiring()].map((proc: ManagedProcess) => {
      const { state, retiring } = proc.lifecycle();
      const startedAt = proc.startedAt();
      const uptimeMs = startedAt === null ? null : now - startedAt;
      const exits = [...proc.exits()];
      return {
        name: proc.name,
        pool: pool.config.name,
        group: pool.config.group,
        num: proc.num,
        state,
        pid: proc.pid(),
        startedAt,
        uptimeMs,
        exits,
        description: describeProcess(state, proc.pid(), uptimeMs, exits.at(-1) ?? null, retiring),
        retiring: proc.isRetiring(),
      };
    }),
  );
}
