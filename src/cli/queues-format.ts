// `crew queues` as a table: one line per queue, the counts operators used to pull from the jobs
// table by hand, the jobs whose worker died under them, the oldest wait against its target, and
// the rates over the last minute.
import type { ClusterJson } from '../control/wire/cluster.js';
import type { QueueJson } from '../control/wire/queue.js';
import { formatTable } from './table.js';

function seconds(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 1000)}s`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

const rate = (n: number | null) => (n === null ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(0));

// One line per queue under a header; a sentence when there are none.
export function formatQueues(queues: readonly QueueJson[]): string[] {
  if (queues.length === 0) return ['No queues: no pool has handlers: or backlog:.'];
  const rows = [
    [
      'QUEUE',
      'READY',
      'DELAYED',
      'RESERVED',
      'FAILED',
      'STALLED',
      'OLDEST',
      'TARGET',
      'IN/s',
      'DONE/s',
      'SOURCE',
      'POOLS',
    ],
    ...queues.map((q) => [
      q.queue,
      String(q.ready),
      String(q.delayed),
      String(q.reserved),
      q.failed === null ? '-' : String(q.failed),
      // Since crew started: jobs whose worker died under them (crew's own workers only).
      q.totals === null ? '-' : String(q.totals.stalled),
      seconds(q.oldest_wait_ms),
      seconds(q.target_wait_ms),
      rate(q.arrivals_per_sec),
      rate(q.completions_per_sec),
      q.source,
      q.pools.join(','),
    ]),
  ];
  return formatTable(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
}

// Per queue of the table, the live hosts on the shared store whose pools serve it.
export function servingHosts(
  queues: readonly QueueJson[],
  cluster: ClusterJson,
): Record<string, { id: string; hostname: string; me: boolean; processes: number }[]> {
  const serving: Record<
    string,
    { id: string; hostname: string; me: boolean; processes: number }[]
  > = {};
  for (const q of queues) {
    serving[q.queue] = cluster.hosts
      .filter((h) => h.state === 'live')
      .flatMap((h) => {
        const pools = h.pools.filter((p) => p.queues.includes(q.queue));
        if (pools.length === 0) return [];
        const processes = pools.reduce((sum, p) => sum + p.processes, 0);
        return [{ id: h.id, hostname: h.hostname, me: h.me, processes }];
      });
  }
  return serving;
}

// Under the table: which hosts serve each queue, and how many hosts the work wants.
export function formatServing(queues: readonly QueueJson[], cluster: ClusterJson): string[] {
  const serving = servingHosts(queues, cluster);
  const lines = Object.entries(serving).map(
    ([queue, hosts]) =>
      `${queue}: ${hosts.length === 1 ? '1 host' : `${hosts.length} hosts`}` +
      (hosts.length === 0
        ? ''
        : ` (${hosts.map((h) => `${h.hostname}${h.me ? '*' : ''} ${h.processes}`).join(', ')})`),
  );
  return [
    '',
    ...lines,
    `desired hosts: ${cluster.desired_hosts} (${cluster.live_hosts} live): ${cluster.why}`,
  ];
}
