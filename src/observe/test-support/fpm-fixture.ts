// An FPM [pool] as the daemon reports it (src/control/wire/fpm.ts), for the metrics and the
// dashboard tests: [www] of `web`, dynamic, 3 of 10 children busy, one answering crew's read.
import type { FpmChildJson, FpmPoolJson } from '../../control/wire/fpm.js';
import { MiB, T0 } from './overview-fixture.js';

export function fpmChild(
  pid: number,
  state: string,
  requests: number,
  pssMiB: number | null,
): FpmChildJson {
  return {
    pid,
    state,
    requests,
    request_duration_ms: 12,
    last_request_memory_bytes: 2 * MiB,
    last_request_cpu_percent: 4.5,
    pss_bytes: pssMiB === null ? null : pssMiB * MiB,
    serving_crew: false,
  };
}

export function fpmPoolFixture(overrides: Partial<FpmPoolJson> = {}): FpmPoolJson {
  return {
    pool: 'web',
    fpm_pool: 'www',
    pm: 'dynamic',
    max_children: 10,
    start_servers: 2,
    min_spare_servers: 1,
    max_spare_servers: 3,
    max_requests: 500,
    process_idle_timeout_ms: 10_000,
    max_children_at: '/etc/php/8.2/fpm/pool.d/www.conf:113',
    status: {
      at: new Date(T0).toISOString(),
      accepted_conn: 1234,
      listen_queue: 0,
      max_listen_queue: 5,
      idle: 2,
      active: 3,
      total: 5,
      max_active_processes: 10,
      max_children_reached: 4,
      slow_requests: 0,
    },
    problem: null,
    children: [
      fpmChild(4101, 'Running', 57, 38),
      fpmChild(4102, 'Running', 41, 37),
      fpmChild(4103, 'Reading headers', 12, 36),
      fpmChild(4104, 'Idle', 60, 38),
      { ...fpmChild(4105, 'Running', 9, null), serving_crew: true },
    ],
    master_pss_bytes: 22 * MiB,
    child_p95_bytes: 38 * MiB,
    worst_case_bytes: 402 * MiB,
    ...overrides,
  };
}

// The FPM metric families /metrics declares: name, type, labels.
export const fpmFamilies: readonly [string, string, string[]][] = [
  ['crew_fpm_processes', 'GAUGE', ['pool', 'fpm_pool', 'state']],
  ['crew_fpm_max_children', 'GAUGE', ['pool', 'fpm_pool']],
  ['crew_fpm_listen_queue', 'GAUGE', ['pool', 'fpm_pool']],
  ['crew_fpm_max_listen_queue', 'GAUGE', ['pool', 'fpm_pool']],
  ['crew_fpm_accepted_connections_total', 'COUNTER', ['pool', 'fpm_pool']],
  ['crew_fpm_max_children_reached_total', 'COUNTER', ['pool', 'fpm_pool']],
  ['crew_fpm_slow_requests_total', 'COUNTER', ['pool', 'fpm_pool']],
  ['crew_fpm_up', 'GAUGE', ['pool', 'fpm_pool']],
  ['crew_fpm_child_pss_bytes', 'GAUGE', ['pool', 'fpm_pool']],
  ['crew_fpm_worst_case_bytes', 'GAUGE', ['pool', 'fpm_pool']],
];
