// The cluster as crew prints and serves it: `crew status --cluster`, the `cluster` control
// method, `/status?cluster=1` and `/scale` (the number KEDA or an HPA scales containers on).
import type { HostPool, HostRecord, HostReport } from '../../cluster/report.js';
import type { DesiredHosts } from '../../scale/desired-hosts.js';
import { type SnakeCased, snakeCased } from './snake-case.js';

// A pool of a host: HostPool's fields in snake_case.
export type HostPoolJson = SnakeCased<HostPool>;

export interface HostJson {
  readonly id: string;
  readonly hostname: string;
  // This daemon.
  readonly me: boolean;
  readonly state: 'live' | 'gone';
  readonly version: string;
  readonly pid: number;
  readonly started_at: string;
  // Null for this host without a shared store (it has no row).
  readonly heartbeat_at: string | null;
  readonly heartbeat_age_ms: number | null;
  readonly timeout_ms: number | null;
  readonly gone_at: string | null;
  // The host that declared it gone.
  readonly gone_by: string | null;
  readonly budget_bytes: number | null;
  readonly used_bytes: number | null;
  readonly pools: readonly HostPoolJson[];
}

// `/scale`: what a container engine reads. `desired_hosts` is the value to scale on.
export interface ScaleSignalJson {
  readonly desired_hosts: number;
  readonly live_hosts: number;
  readonly why: string;
  // Per pool of this host, the processes wanted across the live hosts, and their memory.
  readonly wanted: Readonly<Record<string, number>>;
  readonly wanted_bytes: number;
  // Whether the hosts share a store (PostgreSQL with `cluster` on): without one, more
  // containers do not share this one's queues.
  readonly shared_store: boolean;
}

export interface ClusterJson extends ScaleSignalJson {
  // This host's id.
  readonly me: string;
  readonly hosts: readonly HostJson[];
}

const iso = (ms: number) => new Date(ms).toISOString();

const poolJson = (pool: HostPool): HostPoolJson =>
  snakeCased({ ...pool, queues: [...pool.queues] });

const reportJson = (report: HostReport) => ({
  hostname: report.hostname,
  version: report.version,
  pid: report.pid,
  started_at: iso(report.startedAt),
  budget_bytes: report.budgetBytes,
  used_bytes: report.usedBytes,
  pools: report.pools.map(poolJson),
});

export function hostJson(record: HostRecord, me: string): HostJson {
  const row = record;
  return {
    id: row.id,
    me: row.id === me,
    state: row.goneAt === null ? 'live' : 'gone',
    ...reportJson(record.report),
    heartbeat_at: iso(row.heartbeatAt),
    heartbeat_age_ms: Math.max(0, row.readAt - row.heartbeatAt),
    timeout_ms: row.timeoutMs,
    gone_at: row.goneAt === null ? null : iso(row.goneAt),
    gone_by: row.goneBy,
  };
}

// The cluster view: the hosts read at the latest heartbeat (or this host alone, unshared), with
// this host's fresh report in place of its row's.
export function clusterJson(parts: {
  readonly me: string;
  readonly shared: boolean;
  readonly records: readonly HostRecord[];
  readonly report: HostReport;
  readonly desired: DesiredHosts;
}): ClusterJson {
  const { me, records, report, desired } = parts;
  const mine = records.find((r) => r.id === me);
  const hosts: HostJson[] = records.map((r) =>
    r.id === me ? { ...hostJson(r, me), ...reportJson(report) } : hostJson(r, me),
  );
  if (!mine) {
    hosts.unshift({
      id: me,
      me: true,
      state: 'live',
      ...reportJson(report),
      heartbeat_at: null,
      heartbeat_age_ms: null,
      timeout_ms: null,
      gone_at: null,
      gone_by: null,
    });
  }
  return {
    me,
    hosts,
    ...scaleSignal(desired, hosts.filter((h) => h.state === 'live').length, parts.shared),
  };
}

export function scaleSignal(
  desired: DesiredHosts,
  liveHosts: number,
  shared: boolean,
): ScaleSignalJson {
  return {
    desired_hosts: desired.hosts,
    live_hosts: liveHosts,
    why: desired.why,
    wanted: { ...desired.wanted },
    wanted_bytes: desired.wantedBytes,
    shared_store: shared,
  };
}
