// What a host publishes with every heartbeat (crew_hosts.report, JSON), and what the others read
// back: enough for `crew status --cluster`, the per-host share of a queue (shares.ts) and the
// hosts the work needs (scale/desired-hosts.ts). Plain data, camelCase inside crew; the wire
// shape (control/wire/cluster.ts) is snake_case.

export interface HostPool {
  readonly name: string;
  readonly queues: readonly string[];
  readonly processes: number;
  readonly min: number;
  readonly max: number;
  // The policy's latest view (scale/types.ts PoolScaling); null for a pool it does not scale.
  readonly needed: number | null;
  readonly wanted: number | null;
  readonly costBytes: number | null;
}

export interface HostReport {
  readonly hostname: string;
  readonly version: string;
  readonly pid: number;
  readonly startedAt: number;
  readonly budgetBytes: number | null;
  readonly poolBudgetBytes: number | null;
  readonly usedBytes: number | null;
  // The smallest max_stalls of its handler pools: what its jobs get if it vanishes.
  readonly maxStalls: number;
  readonly pools: readonly HostPool[];
}

// One row of crew_hosts as read, times by the database's clock (ms).
export interface HostRecord {
  readonly id: string;
  readonly report: HostReport;
  readonly heartbeatAt: number;
  readonly timeoutMs: number;
  // When a surviving host declared it gone (its heartbeats lapsed), and which host did.
  readonly goneAt: number | null;
  readonly goneBy: string | null;
  // The database's clock when the rows were read.
  readonly readAt: number;
}

export const isLive = (host: HostRecord) => host.goneAt === null;
