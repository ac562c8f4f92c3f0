// `crew queues` as a table: one line per queue, the counts operators used to pull from the jobs
// table by hand, the jobs whose worker died under them, the oldest wait against its target, and
// the rates over the last minute.
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
