// PHP-FPM pools on the wire: in `crew status --json` and `crew stats --json` (`fpm`), /status
// and the dashboard. One entry per FPM [pool] of each fpm: crew pool. Shape in docs/observe.md.
import type { FpmPoolView } from '../../config/types.js';
import type { FpmPmSettings } from '../../fpm/plan/plan-types.js';
import type { FpmReadings } from '../../fpm/watch/fpm-readings.js';
import { childP95Bytes, countChildren, fpmWorstCase } from '../../fpm/watch/fpm-readings.js';

export interface FpmChildJson {
  readonly pid: number;
  // FPM's words: Idle, Running, Reading headers, Info, Finishing, Ending.
  readonly state: string;
  readonly requests: number;
  // Of the request running now, or of the last one.
  readonly request_duration_ms: number;
  readonly last_request_memory_bytes: number;
  readonly last_request_cpu_percent: number;
  // Of the child itself, read by crew; null: gone before it was read.
  readonly pss_bytes: number | null;
  // Answering crew's own reading of the status page (counted idle).
  readonly serving_crew: boolean;
}

export interface FpmStatusJson {
  readonly at: string;
  readonly accepted_conn: number;
  readonly listen_queue: number;
  readonly max_listen_queue: number;
  // Counted from the children's states when the page lists them (FPM's own counters race), the
  // child answering crew's reading counted idle.
  readonly idle: number;
  readonly active: number;
  readonly total: number;
  readonly max_active_processes: number;
  readonly max_children_reached: number;
  readonly slow_requests: number | null;
}

// An FPM pool's pm settings as written in its files.
export interface FpmPmJson {
  readonly pm: FpmPoolView['pm'];
  readonly max_children: number;
  readonly start_servers: number;
  readonly min_spare_servers: number;
  readonly max_spare_servers: number;
  readonly max_requests: number;
  readonly process_idle_timeout_ms: number;
}

export function fpmPmJson(view: FpmPmSettings): FpmPmJson {
  return {
    pm: view.pm,
    max_children: view.maxChildren,
    start_servers: view.startServers,
    min_spare_servers: view.minSpareServers,
    max_spare_servers: view.maxSpareServers,
    max_requests: view.maxRequests,
    process_idle_timeout_ms: view.processIdleTimeoutMs,
  };
}

export interface FpmPoolJson extends FpmPmJson {
  // The crew pool, and FPM's [pool] in its config.
  readonly pool: string;
  readonly fpm_pool: string;
  // Where pm.max_children is written, `file:line`.
  readonly max_children_at: string;
  // The last answer of the status page; null before one.
  readonly status: FpmStatusJson | null;
  // Why the page is not answering now, or why it is never read; null while it answers.
  readonly problem: string | null;
  readonly children: readonly FpmChildJson[];
  readonly master_pss_bytes: number | null;
  // The 95th percentile of the children's PSS readings: one more child's cost.
  readonly child_p95_bytes: number | null;
  // master + max_children × child_p95: what the budget holds for this FPM pool.
  readonly worst_case_bytes: number | null;
}

export interface FpmPoolState {
  readonly pool: string;
  readonly view: FpmPoolView;
  readonly readings: FpmReadings;
  readonly unread: string | null;
}

export function fpmPoolJson(state: FpmPoolState): FpmPoolJson {
  const { view, readings } = state;
  const latest = readings.latest;
  const answer = latest?.ok ? latest : null;
  const children = answer?.children ?? [];
  const counted = children.length > 0 ? countChildren(children) : null;
  const child = childP95Bytes(readings);
  return {
    pool: state.pool,
    fpm_pool: view.name,
    ...fpmPmJson(view),
    max_children_at: `${view.maxChildrenAt.file}:${view.maxChildrenAt.line}`,
    status:
      answer === null
        ? null
        : {
            at: new Date(answer.atMs).toISOString(),
            accepted_conn: answer.status.acceptedConn,
            listen_queue: answer.status.listenQueue,
            max_listen_queue: answer.status.maxListenQueue,
            idle: counted?.idle ?? answer.status.idle,
            active: counted?.active ?? answer.status.active,
            total: counted?.total ?? answer.status.total,
            max_active_processes: answer.status.maxActiveProcesses,
            max_children_reached: answer.status.maxChildrenReached,
            slow_requests: answer.status.slowRequests,
          },
    problem: state.unread ?? (latest && !latest.ok ? latest.reason : null),
    children: children.map((c) => ({
      pid: c.pid,
      state: c.state,
      requests: c.requests,
      request_duration_ms: c.requestDurationMs,
      last_request_memory_bytes: c.lastRequestMemoryBytes,
      last_request_cpu_percent: c.lastRequestCpu,
      pss_bytes: c.pssBytes,
      serving_crew: c.servingCrew,
    })),
    master_pss_bytes: answer?.masterPssBytes ?? null,
    child_p95_bytes: child,
    worst_case_bytes: fpmWorstCase([{ maxChildren: view.maxChildren, readings }]),
  };
}
