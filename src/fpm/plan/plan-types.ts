// What `crew plan` and `crew check` give recommendPm and what it gives back: a pool's pm
// settings as written, what was measured of its load and its children, and the settings crew
// recommends, each with the figures behind it. recommend-pm.ts re-exports these.
import type { FpmPm } from '../config/types.js';
import type { FpmMemoryModel } from './worst-case.js';

// One reading of FPM's status page. FPM counts the child answering the status page itself as
// active and its request in accepted conn; the caller subtracts that read (active - 1 when this
// pool served it) so an idle pool reads as 0 busy. A poll every few seconds adds well under one
// request a second, which the idle rule tolerates.
export interface FpmLoadSample {
  readonly atMs: number;
  // Children busy.
  readonly active: number;
  readonly idle: number;
  // Requests waiting for a child.
  readonly listenQueue: number;
  // FPM's counter since start: monotonic unless FPM restarted, so a drop is read as a reset.
  readonly acceptedConn: number;
  // FPM's counter since start.
  readonly maxChildrenReached: number;
  // FPM's own high-water mark of busy children since it started (`max active processes`): the
  // bursts between readings, which a reading cannot see (and on a unix socket php-fpm reports
  // no listen queue at all). Absent in readings taken before it was kept.
  readonly maxActiveProcesses?: number;
}

// One child seen at one time (several samples per pid over time).
export interface FpmChildSample {
  readonly pid: number;
  // Requests it has served since it started.
  readonly requests: number;
  readonly pssBytes: number;
  readonly atMs: number;
}

// A pool's process manager: what crew reads, shows, plans, writes and rolls back.
export interface FpmPmSettings {
  readonly pm: FpmPm;
  readonly maxChildren: number;
  readonly startServers: number;
  readonly minSpareServers: number;
  readonly maxSpareServers: number;
  // 0: children are never recycled.
  readonly maxRequests: number;
  readonly processIdleTimeoutMs: number;
}

// The pool's settings as written now (a subset of FpmPool; see fpmCurrentOf).
export interface FpmCurrent extends FpmPmSettings {
  readonly name: string;
}

export interface FpmPlanInput {
  readonly current: FpmCurrent;
  // null: nothing measured and nothing declared.
  readonly memory: FpmMemoryModel | null;
  // Bytes the budget leaves for this FPM pool's children AND its master: the pool budget minus
  // what the other pools need at their floors (computed by the caller). null: no budget.
  readonly roomBytes: number | null;
  // Oldest first; may be empty.
  readonly load: readonly FpmLoadSample[];
  // Several samples per pid over time; may be empty.
  readonly children: readonly FpmChildSample[];
}

export type FpmSettingKey =
  | 'pm'
  | 'pm.max_children'
  | 'pm.start_servers'
  | 'pm.min_spare_servers'
  | 'pm.max_spare_servers'
  | 'pm.max_requests'
  | 'pm.process_idle_timeout';

export interface FpmSettingAdvice {
  readonly key: FpmSettingKey;
  // As php-fpm.conf would hold them: `dynamic`, `12`, `10s`.
  readonly from: string;
  readonly to: string;
  // Never empty; cites the figures it comes from.
  readonly reason: string;
}

export interface FpmPlan extends FpmPmSettings {
  readonly pool: string;
  // One entry per setting that applies to the chosen pm (the spare servers only for dynamic,
  // process_idle_timeout only for ondemand), in php-fpm.conf's usual order.
  readonly settings: readonly FpmSettingAdvice[];
  // master + maxChildren × child p95 of the recommended settings; null without a memory model.
  readonly worstCaseBytes: number | null;
  // Set when the budget cannot hold what the load needs, in words; null otherwise.
  readonly note: string | null;
}
