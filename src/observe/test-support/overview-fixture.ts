// A small overview of a crew with two pools, a queue and a scaling report, for tests of what is
// built from one (metrics, `crew top`).
import { describeBudgetUsed } from '../../control/wire/budget-used.js';
import type { ClusterJson } from '../../control/wire/cluster.js';
import type { StatsReport } from '../../control/wire/memory.js';
import { buildOverview, type Overview, type PoolInfo } from '../../control/wire/overview.js';
import type { ProcessStatusJson } from '../../control/wire/process.js';
import type { QueueReport } from '../../queue/types.js';
import type { PoolScaling } from '../../scale/types.js';

export const MiB = 1024 * 1024;
export const T0 = Date.UTC(2026, 10, 27, 3, 40);

export function processJson(
  name: string,
  pool: string,
  overrides: Partial<ProcessStatusJson> = {},
): ProcessStatusJson {
  return {
    name,
    pool,
    group: null,
    state: 'RUNNING',
    pid: 1000 + name.length,
    uptime_s: 65,
    description: 'pid 1000, uptime 0:01:05',
    rss_bytes: 40 * MiB,
    pss_bytes: 20 * MiB,
    retiring: false,
    exits: [],
    ...overrides,
  };
}

export const statsReport: StatsReport = {
  at: new Date(T0).toISOString(),
  container: { usage_bytes: 300 * MiB, limit_bytes: 512 * MiB, has_limit: true },
  crew: { pss_bytes: 18 * MiB, rss_bytes: 50 * MiB, uss_bytes: 15 * MiB },
  pools: [],
  other_bytes: 100 * MiB,
  budget_bytes: 400 * MiB,
  budget: describeBudgetUsed({
    used_bytes: 300 * MiB,
    budget_bytes: 400 * MiB,
    scope: 'container',
    parts: { pools: 182 * MiB, crew: 18 * MiB, other: 100 * MiB },
    outside_bytes: null,
  }),
};

export const pools: PoolInfo[] = [
  { name: 'payments', group: 'queues', target: 2, maxMemoryBytes: 128 * MiB },
  { name: 'dashboard', group: null, target: 1, maxMemoryBytes: null },
];

export const processes: ProcessStatusJson[] = [
  processJson('payments_00', 'payments'),
  processJson('payments_01', 'payments', { pss_bytes: 30 * MiB }),
  // Being recycled: its replacement of the same name is above.
  processJson('payments_01', 'payments', {
    pss_bytes: 5 * MiB,
    rss_bytes: 10 * MiB,
    retiring: true,
  }),
  processJson('dashboard_00', 'dashboard', {
    state: 'BACKOFF',
    pid: null,
    uptime_s: null,
    description: 'Exited too quickly (process log may have details)',
    rss_bytes: null,
    pss_bytes: null,
  }),
];

export const queues: QueueReport[] = [
  {
    queue: 'payments',
    source: 'crew',
    pools: ['payments'],
    ready: 12,
    delayed: 3,
    reserved: 2,
    failed: 1,
    oldestWaitMs: 7200,
    arrivalsPerSec: 4,
    completionsPerSec: 3.5,
    totals: { completed: 120, retried: 4, failed: 1, stalled: 2 },
    targetWaitMs: 5000,
  },
  {
    queue: 'router-checks',
    source: 'laravel-redis',
    pools: [],
    ready: 0,
    delayed: 0,
    reserved: 0,
    failed: null,
    oldestWaitMs: null,
    arrivalsPerSec: null,
    completionsPerSec: null,
    totals: null,
    targetWaitMs: null,
  },
];

export const scaling: PoolScaling[] = [
  {
    pool: 'payments',
    min: 1,
    max: 4,
    needed: 4,
    wanted: 5,
    desired: 3,
    shortfall: 1,
    pinned: false,
  },
];

export function sampleOverview(overrides: Partial<Overview> = {}): Overview {
  const overview = buildOverview({
    now: T0,
    stats: statsReport,
    status: { processes },
    pools,
    reports: { queues, scaling },
    recent: {
      events: [
        {
          id: 7,
          at: new Date(T0 - 1000).toISOString(),
          type: 'scale:decision',
          pool: 'payments',
          from: 2,
          to: 3,
          reason: 'payments 2→3: oldest job waited 7.2 s > target 5 s',
        },
      ],
      lastId: 7,
    },
  });
  return { ...overview, ...overrides };
}

// Two hosts on one store, the burst wanting a third (`crew status --cluster`, /scale).
export function sampleCluster(): ClusterJson {
  const pools = (processes: number, wanted: number) => [
    {
      name: 'payments',
      queues: ['payments'],
      processes,
      min: 1,
      max: 4,
      needed: Math.min(wanted, 4),
      wanted,
      cost_bytes: 40 * 1024 ** 2,
    },
  ];
  const host = (id: string, me: boolean, processes: number, wanted: number) => ({
    id,
    hostname: `web-${id}`,
    me,
    state: 'live' as const,
    version: '0.1.0',
    pid: 7,
    started_at: new Date(T0 - 60_000).toISOString(),
    heartbeat_at: new Date(T0 - 800).toISOString(),
    heartbeat_age_ms: 800,
    timeout_ms: 10_000,
    gone_at: null,
    gone_by: null,
    budget_bytes: 400 * 1024 ** 2,
    used_bytes: 250 * 1024 ** 2,
    pools: pools(processes, wanted),
  });
  return {
    me: 'aaaaaa',
    hosts: [host('aaaaaa', true, 4, 5), host('bbbbbb', false, 4, 5)],
    desired_hosts: 3,
    live_hosts: 2,
    why: 'payments wants 10 processes in all, at most 4 a host: 3 hosts',
    wanted: { payments: 10 },
    wanted_bytes: 400 * 1024 ** 2,
    shared_store: true,
  };
}
