// The PHP-FPM pools' series of `/metrics` (metrics.ts renders them with the rest): the pool's
// config always, the status page's figures while it answers.
import type { Counter, Gauge } from 'prom-client';
import type { FpmPoolJson } from '../control/wire/fpm.js';
import type { GaugeSpec } from './metrics.js';

export type FpmGaugeName =
  | 'fpmProcesses'
  | 'fpmMaxChildren'
  | 'fpmListenQueue'
  | 'fpmMaxListenQueue'
  | 'fpmUp'
  | 'fpmChildPss'
  | 'fpmWorstCase';

export const fpmLabels = ['pool', 'fpm_pool'];

export const fpmGaugeSpecs: Record<FpmGaugeName, GaugeSpec> = {
  fpmProcesses: [
    'crew_fpm_processes',
    "PHP-FPM children by state (active, idle) at the status page's last answer.",
    [...fpmLabels, 'state'],
  ],
  fpmMaxChildren: ['crew_fpm_max_children', "The FPM pool's pm.max_children.", fpmLabels],
  fpmListenQueue: [
    'crew_fpm_listen_queue',
    'Requests waiting for a free PHP-FPM child (listen queue).',
    fpmLabels,
  ],
  fpmMaxListenQueue: [
    'crew_fpm_max_listen_queue',
    'The most requests the listen queue has held since FPM started.',
    fpmLabels,
  ],
  fpmUp: [
    'crew_fpm_up',
    "1 when the FPM pool's status page answered at the last reading, else 0.",
    fpmLabels,
  ],
  fpmChildPss: [
    'crew_fpm_child_pss_bytes',
    "95th percentile of the FPM pool's children's PSS readings: what one more child costs.",
    fpmLabels,
  ],
  fpmWorstCase: [
    'crew_fpm_worst_case_bytes',
    "The FPM master's PSS + pm.max_children × a child's p95: what the budget holds for the pool.",
    fpmLabels,
  ],
};

export type FpmCounterName = 'accepted' | 'maxChildrenReached' | 'slow';

// FPM's own counters, rendered as read: they start again at 0 when FPM restarts, which
// Prometheus takes as a counter reset.
export const fpmCounterSpecs: Record<FpmCounterName, [string, string]> = {
  accepted: [
    'crew_fpm_accepted_connections_total',
    'Connections the FPM pool accepted since FPM started (its accepted conn).',
  ],
  maxChildrenReached: [
    'crew_fpm_max_children_reached_total',
    'Times the FPM pool wanted a child beyond pm.max_children since FPM started.',
  ],
  slow: [
    'crew_fpm_slow_requests_total',
    'Requests past request_slowlog_timeout since FPM started (absent when FPM does not count them).',
  ],
};

// An FPM pool: its config always; the status page's figures while there is an answer.
export function setFpm(
  g: Record<FpmGaugeName, Gauge>,
  counters: Record<FpmCounterName, Counter>,
  entry: FpmPoolJson,
): void {
  const labels = { pool: entry.pool, fpm_pool: entry.fpm_pool };
  const s = entry.status;
  g.fpmMaxChildren.set(labels, entry.max_children);
  g.fpmUp.set(labels, s !== null && entry.problem === null ? 1 : 0);
  if (entry.child_p95_bytes !== null) g.fpmChildPss.set(labels, entry.child_p95_bytes);
  if (entry.worst_case_bytes !== null) g.fpmWorstCase.set(labels, entry.worst_case_bytes);
  if (s === null) return;
  g.fpmProcesses.set({ ...labels, state: 'active' }, s.active);
  g.fpmProcesses.set({ ...labels, state: 'idle' }, s.idle);
  g.fpmListenQueue.set(labels, s.listen_queue);
  g.fpmMaxListenQueue.set(labels, s.max_listen_queue);
  counters.accepted.inc(labels, s.accepted_conn);
  counters.maxChildrenReached.inc(labels, s.max_children_reached);
  if (s.slow_requests !== null) counters.slow.inc(labels, s.slow_requests);
}
