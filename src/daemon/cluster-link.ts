// The daemon's side of the cluster: what this host publishes at each heartbeat (its pools, their
// counts and the policy's latest view, its budget), the queue shares the autoscaler reads, and
// the cluster view and desired hosts that `crew status --cluster`, /status?cluster=1, /scale and
// /metrics show. With a SQLite store (or `cluster: false`) there is no heartbeat: the view is this
// host alone, and the desired hosts still say what this host's work would want.
import { hostname } from 'node:os';
import { startCluster } from '../cluster/heartbeat.js';
import type { HostReport } from '../cluster/report.js';
import type { CrewConfig } from '../config/types.js';
import { type ClusterJson, clusterJson } from '../control/wire/cluster.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { EventBus } from '../events/typed-emitter.js';
import { parseDatabaseUrl } from '../queue/store-url.js';
import { desiredHosts } from '../scale/desired-hosts.js';
import { queuesOfPool } from '../scale/pool-spec.js';
import type { Supervisor } from '../supervise/supervisor.js';
import type { Autoscaler } from './autoscale.js';
import { packageVersion } from './version.js';

export interface ClusterLinkDeps {
  readonly config: CrewConfig;
  readonly hostId: string;
  readonly supervisor: Supervisor;
  readonly scaler: () => Autoscaler | null;
  readonly events: EventBus<CrewEvents>;
  readonly log: (line: string) => void;
}

export interface ClusterLink {
  readonly shared: boolean;
  view(): ClusterJson;
  peers(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

// Whether the store is one that several hosts can share.
function sharedStore(config: CrewConfig): boolean {
  if (config.cluster === null) return false;
  const parsed = parseDatabaseUrl(config.store, 'store', process.cwd());
  return parsed.ok && parsed.target.engine === 'postgres';
}

export function startClusterLink(deps: ClusterLinkDeps): ClusterLink {
  const { supervisor, hostId } = deps;
  const startedAt = Date.now();
  const version = packageVersion();
  const name = deps.config.cluster?.name ?? hostname();

  const report = (): HostReport => {
    const config = supervisor.config();
    const latest = deps.scaler()?.latest() ?? null;
    const scaled = new Map((latest?.pools ?? []).map((p) => [p.pool, p] as const));
    const view = supervisor.snapshot();
    const stalls = config.pools.flatMap((pool) => (pool.worker ? [pool.worker.maxStalls] : []));
    return {
      hostname: name,
      version,
      pid: process.pid,
      startedAt,
      budgetBytes: latest?.budget.budgetBytes ?? null,
      poolBudgetBytes: latest?.budget.poolBudgetBytes ?? null,
      usedBytes: latest?.budget.usedBytes ?? null,
      maxStalls: stalls.length === 0 ? 3 : Math.min(...stalls),
      pools: config.pools.map((pool) => {
        const s = scaled.get(pool.name);
        const processes = view.filter((p) => p.pool === pool.name && !p.retiring).length;
        return {
          name: pool.name,
          queues: [...queuesOfPool(pool)],
          processes,
          min: s?.min ?? pool.autoscale?.min ?? pool.processes,
          max: s?.max ?? pool.autoscale?.max ?? pool.processes,
          needed: s?.needed ?? null,
          wanted: s?.wanted ?? null,
          costBytes: s?.costBytes ?? null,
        };
      }),
    };
  };

  const shared = sharedStore(deps.config);
  const cluster = shared
    ? startCluster({
        url: deps.config.store,
        id: hostId,
        // Absent in a config version recorded before it existed: the defaults.
        config: deps.config.cluster ?? { heartbeatMs: 2000, timeoutMs: 10_000, name: null },
        report,
        events: deps.events,
        log: deps.log,
      })
    : null;

  const view = (): ClusterJson => {
    const mine = report();
    const records = cluster?.hosts() ?? [];
    const others = records.filter((r) => r.id !== hostId && r.goneAt === null);
    const demandOf = (pools: HostReport['pools']) =>
      pools.map((p) => ({ pool: p.name, wanted: p.wanted ?? 0 }));
    const desired = desiredHosts(
      [mine, ...others.map((r) => r.report)].map((r) => demandOf(r.pools)),
      {
        pools: mine.pools.map((p) => ({
          pool: p.name,
          min: p.min,
          max: p.max,
          costBytes: p.costBytes,
        })),
        poolBudgetBytes: mine.poolBudgetBytes,
      },
    );
    return clusterJson({ me: hostId, shared, records, report: mine, desired });
  };

  return {
    shared,
    view,
    peers: () => cluster?.peers() ?? new Map(),
    stop: async () => {
      await cluster?.stop();
    },
  };
}
