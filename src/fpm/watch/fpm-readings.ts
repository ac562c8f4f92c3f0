// What crew keeps of one FPM pool's status page between readings: the latest answer, the load
// seen (for `crew plan`) and each child's memory against its requests (for leaks and the budget's
// worst case). Bounded rings; pure apart from the clock handed in.
import { percentile } from '../../scale/cost.js';
import type { FpmChildSample, FpmLoadSample } from '../plan/recommend-pm.js';
import { fpmWorstCaseBytes } from '../plan/worst-case.js';
import type { FpmStatus } from '../status/status-types.js';

// An hour of readings at the default 2 s.
const LOAD_KEPT = 1800;
const CHILD_KEPT = 4000;
// Children's PSS readings the p95 is taken from.
const PSS_KEPT = 600;

export interface FpmChildReading {
  readonly pid: number;
  readonly state: string;
  readonly requests: number;
  readonly requestDurationMs: number;
  readonly lastRequestMemoryBytes: number;
  readonly lastRequestCpu: number;
  // null: the child was gone before it could be read.
  readonly pssBytes: number | null;
  // Serving crew's own request for the status page: idle for every other purpose.
  readonly servingCrew: boolean;
}

// Busy and idle children as the load sees them: the one answering crew's own reading is idle.
export function countChildren(children: readonly FpmChildReading[]) {
  const idle = children.filter((c) => c.state === 'Idle' || c.servingCrew).length;
  return { idle, active: children.length - idle, total: children.length };
}

export type FpmLatest =
  | {
      readonly ok: true;
      readonly atMs: number;
      readonly status: FpmStatus;
      readonly children: readonly FpmChildReading[];
      readonly masterPssBytes: number | null;
    }
  | { readonly ok: false; readonly atMs: number; readonly reason: string };

export interface FpmReadings {
  readonly latest: FpmLatest | null;
  // Since when the status page has not answered; null while it does.
  readonly downSinceMs: number | null;
  readonly load: readonly FpmLoadSample[];
  readonly children: readonly FpmChildSample[];
  readonly childPss: readonly number[];
  readonly masterPss: readonly number[];
  // crew's own reads of the page since FPM last started (each is one accepted connection), and
  // FPM's counter at the last read (a drop means FPM restarted).
  readonly ownReads: number;
  readonly lastAccepted: number;
}

export const emptyFpmReadings: FpmReadings = {
  latest: null,
  downSinceMs: null,
  load: [],
  children: [],
  childPss: [],
  masterPss: [],
  ownReads: 0,
  lastAccepted: 0,
};

function keepLast<T>(values: readonly T[], added: readonly T[], size: number): T[] {
  const all = [...values, ...added];
  return all.length > size ? all.slice(all.length - size) : all;
}

// The readings after a successful read of the status page.
export function withAnswer(
  prev: FpmReadings,
  atMs: number,
  status: FpmStatus,
  children: readonly FpmChildReading[],
  masterPssBytes: number | null,
): FpmReadings {
  const counted = children.length > 0 ? countChildren(children) : null;
  const restarted = status.acceptedConn < prev.lastAccepted;
  const ownReads = (restarted ? 0 : prev.ownReads) + 1;
  const load: FpmLoadSample = {
    atMs,
    active: counted?.active ?? status.active,
    idle: counted?.idle ?? status.idle,
    listenQueue: status.listenQueue,
    // The web's requests: crew's own reads taken out.
    acceptedConn: Math.max(0, status.acceptedConn - ownReads),
    maxChildrenReached: status.maxChildrenReached,
    // FPM's high-water mark may hold crew's own read (a child busy answering it): one less.
    maxActiveProcesses: Math.max(0, status.maxActiveProcesses - 1),
  };
  const measured = children.filter((c) => c.pssBytes !== null);
  return {
    latest: { ok: true, atMs, status, children, masterPssBytes },
    downSinceMs: null,
    load: keepLast(prev.load, [load], LOAD_KEPT),
    children: keepLast(
      prev.children,
      measured.map((c) => ({ pid: c.pid, requests: c.requests, pssBytes: c.pssBytes!, atMs })),
      CHILD_KEPT,
    ),
    childPss: keepLast(
      prev.childPss,
      measured.map((c) => c.pssBytes!),
      PSS_KEPT,
    ),
    masterPss:
      masterPssBytes === null ? prev.masterPss : keepLast(prev.masterPss, [masterPssBytes], 60),
    ownReads,
    lastAccepted: status.acceptedConn,
  };
}

// The readings after a failed read; the load and memory seen before are kept.
export function withFailure(prev: FpmReadings, atMs: number, reason: string): FpmReadings {
  return {
    ...prev,
    latest: { ok: false, atMs, reason },
    downSinceMs: prev.downSinceMs ?? atMs,
  };
}

// One child's cost for the budget: the 95th percentile of the children's PSS readings.
export function childP95Bytes(readings: FpmReadings): number | null {
  return percentile(readings.childPss, 0.95);
}

export function masterBytes(readings: FpmReadings): number | null {
  return percentile(readings.masterPss, 0.5);
}

// What the budget holds for one php-fpm master and its FPM pools: the master once, and each
// pool's pm.max_children at its children's p95 (a pool not measured yet at the costliest
// measured child). null before any child was measured.
export function fpmWorstCase(
  pools: readonly { readonly maxChildren: number; readonly readings: FpmReadings }[],
): number | null {
  const costs = pools.map((p) => childP95Bytes(p.readings));
  const known = costs.filter((c): c is number => c !== null);
  if (known.length === 0) return null;
  const fallback = Math.max(...known);
  const master = pools.map((p) => masterBytes(p.readings)).find((b) => b !== null) ?? 0;
  return pools.reduce(
    (sum, p, i) =>
      sum + fpmWorstCaseBytes(p.maxChildren, { masterBytes: 0, childBytes: costs[i] ?? fallback }),
    master,
  );
}
