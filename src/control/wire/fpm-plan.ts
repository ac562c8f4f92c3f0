// What `crew plan` asks the daemon for an FPM pool: its pm settings, what was read of its load
// and children on the status page, and the budget's room for it beside the other pools at their
// floors. snake_case on the wire; fpmPlanInputOf turns it into recommendPm's input.
import type { FpmPoolView } from '../../config/types.js';
import type { FpmPlanInput } from '../../fpm/plan/plan-types.js';
import { childP95Bytes, type FpmReadings, masterBytes } from '../../fpm/watch/fpm-readings.js';
import { type FpmPmJson, fpmPmJson } from './fpm.js';

export interface FpmPlanPoolJson {
  readonly pool: string;
  readonly fpm_pool: string;
  readonly current: FpmPmJson;
  readonly master_bytes: number | null;
  readonly child_bytes: number | null;
  // The pool budget less the other pools at their floors; null without a budget.
  readonly room_bytes: number | null;
  readonly load: readonly {
    readonly at_ms: number;
    readonly active: number;
    readonly idle: number;
    readonly listen_queue: number;
    readonly accepted_conn: number;
    readonly max_children_reached: number;
    readonly max_active_processes: number | null;
  }[];
  readonly children: readonly {
    readonly pid: number;
    readonly requests: number;
    readonly pss_bytes: number;
    readonly at_ms: number;
  }[];
}

export interface FpmPlanJson {
  readonly pools: readonly FpmPlanPoolJson[];
}

export function fpmPlanPoolJson(
  pool: string,
  view: FpmPoolView,
  readings: FpmReadings,
  roomBytes: number | null,
  expectChildBytes: number | null,
): FpmPlanPoolJson {
  return {
    pool,
    fpm_pool: view.name,
    current: fpmPmJson(view),
    master_bytes: masterBytes(readings),
    child_bytes: childP95Bytes(readings) ?? expectChildBytes,
    room_bytes: roomBytes,
    load: readings.load.map((s) => ({
      at_ms: s.atMs,
      active: s.active,
      idle: s.idle,
      listen_queue: s.listenQueue,
      accepted_conn: s.acceptedConn,
      max_children_reached: s.maxChildrenReached,
      max_active_processes: s.maxActiveProcesses ?? null,
    })),
    children: readings.children.map((c) => ({
      pid: c.pid,
      requests: c.requests,
      pss_bytes: c.pssBytes,
      at_ms: c.atMs,
    })),
  };
}

export function fpmPlanInputOf(json: FpmPlanPoolJson): FpmPlanInput {
  const c = json.current;
  return {
    current: {
      name: json.fpm_pool,
      pm: c.pm,
      maxChildren: c.max_children,
      startServers: c.start_servers,
      minSpareServers: c.min_spare_servers,
      maxSpareServers: c.max_spare_servers,
      maxRequests: c.max_requests,
      processIdleTimeoutMs: c.process_idle_timeout_ms,
    },
    memory:
      json.child_bytes === null
        ? null
        : { masterBytes: json.master_bytes ?? json.child_bytes, childBytes: json.child_bytes },
    roomBytes: json.room_bytes,
    load: json.load.map((s) => ({
      atMs: s.at_ms,
      active: s.active,
      idle: s.idle,
      listenQueue: s.listen_queue,
      acceptedConn: s.accepted_conn,
      maxChildrenReached: s.max_children_reached,
      ...(s.max_active_processes === null ? {} : { maxActiveProcesses: s.max_active_processes }),
    })),
    children: json.children.map((c) => ({
      pid: c.pid,
      requests: c.requests,
      pssBytes: c.pss_bytes,
      atMs: c.at_ms,
    })),
  };
}
