// Processes on the wire: `crew status --json` (and /status's `processes`), the answers of start,
// stop, restart, signal, scale and tail. Shapes in docs/cli.md.
import type { ExitRecord } from '../../supervise/exit-record.js';
import type { ProcessState } from '../../supervise/process-state.js';
import type { ProcessSnapshot } from '../../supervise/snapshot.js';
import type { FpmPoolJson } from './fpm.js';

export type ExitJson = ReturnType<typeof exitJson>;

export interface ProcessStatusJson {
  readonly name: string;
  readonly pool: string;
  readonly group: string | null;
  readonly state: ProcessState;
  readonly pid: number | null;
  readonly uptime_s: number | null;
  readonly description: string;
  readonly rss_bytes: number | null;
  readonly pss_bytes: number | null;
  // Being replaced by a process of the same name (recycling).
  readonly retiring: boolean;
  readonly exits: readonly ExitJson[];
}

export interface StatusJson {
  readonly processes: readonly ProcessStatusJson[];
  // PHP-FPM pools (fpm: pools' FPM [pools]); absent without any.
  readonly fpm?: readonly FpmPoolJson[];
}

// What start, stop, restart and signal answer for each process: "started", "ERROR (...)".
export interface ProcessResultJson {
  readonly name: string;
  readonly pool: string;
  // The pool's `group:` (supervisord's [group:x]), so replies read `php:worker_00: started`.
  readonly group: string | null;
  readonly result: string;
}

export interface ProcessResultsJson {
  readonly processes: readonly ProcessResultJson[];
}

export interface ScaleJson {
  readonly from: number;
  readonly to: number;
  // Held at `to` against the autoscaler until `crew scale POOL=auto`.
  readonly pinned: boolean;
}

export interface TailJson {
  readonly name: string;
  readonly stream: 'stdout' | 'stderr';
  readonly path: string | null;
  readonly text: string;
}

// Each `data` line of `tail` with follow.
export interface TailChunkJson {
  readonly text: string;
}

// An exit as status JSON, /status and the event stream show it.
export function exitJson(record: ExitRecord) {
  return {
    reason: record.reason,
    exit_code: record.exitCode,
    signal: record.signal,
    duration_ms: record.durationMs,
    forced: record.forced,
    expected: record.expected,
    ended_at: new Date(record.endedAt).toISOString(),
    ...(record.error ? { error: record.error } : {}),
    ...(record.detail ? { detail: record.detail } : {}),
  };
}

// A process as `status` lists it, with the memory of its tree when that could be read.
export function processStatusJson(
  snap: ProcessSnapshot,
  memory: { readonly rssBytes: number; readonly pssBytes: number } | undefined,
): ProcessStatusJson {
  return {
    name: snap.name,
    pool: snap.pool,
    group: snap.group,
    state: snap.state,
    pid: snap.pid,
    uptime_s: snap.uptimeMs === null ? null : Math.floor(snap.uptimeMs / 1000),
    description: snap.description,
    rss_bytes: memory?.rssBytes ?? null,
    pss_bytes: memory?.pssBytes ?? null,
    retiring: snap.retiring,
    exits: snap.exits.map(exitJson),
  };
}
