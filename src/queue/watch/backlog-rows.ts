// Turns the rows of the snapshot statement (backlog-query.ts) into a BacklogSnapshot: requested
// order, zeros for queues without rows, ms for the oldest wait.

import type { BacklogSnapshot, DueCount, QueueCounts } from '../types.js';

export type SqlRow = Readonly<Record<string, unknown>>;

export interface ReadRowsInput {
  readonly rows: readonly SqlRow[];
  readonly queues: readonly string[];
  readonly now: number;
  readonly cursor: number | null;
  // Whether failed_jobs exists; if not, `failed` is null for every queue.
  readonly hasFailedTable: boolean;
}

// Builds the snapshot from the statement's rows.
export function readBacklogRows(input: ReadRowsInput): BacklogSnapshot {
  const jobs = new Map<string, SqlRow>();
  const failed = new Map<string, number>();
  const due = new Map<string, DueCount[]>();
  let maxId: number | null = null;
  for (const row of input.rows) {
    if (row.part === 'max') maxId = toNumber(row.max_id, 'max_id');
    else if (row.part === 'due') {
      const queue = String(row.queue);
      const list = due.get(queue) ?? [];
      const atSec = toCount(row.oldest_at, 'oldest_at');
      list.push({ atMs: atSec * 1000, count: toCount(row.n_delayed, 'n_delayed') });
      due.set(queue, list);
    } else if (row.part === 'failed')
      failed.set(String(row.queue), toCount(row.n_failed, 'n_failed'));
    else jobs.set(String(row.queue), row);
  }

  const queues = input.queues.map((queue): QueueCounts => {
    const row = jobs.get(queue);
    const oldestAtSec = row === undefined ? null : toNumber(row.oldest_at, 'oldest_at');
    return {
      queue,
      ready: toCount(row?.n_ready, 'n_ready'),
      delayed: toCount(row?.n_delayed, 'n_delayed'),
      reserved: toCount(row?.n_reserved, 'n_reserved'),
      failed: input.hasFailedTable ? (failed.get(queue) ?? 0) : null,
      oldestWaitMs: oldestAtSec === null ? null : Math.max(0, input.now - oldestAtSec * 1000),
      dueAt: (due.get(queue) ?? []).sort((a, b) => a.atMs - b.atMs),
    };
  });
  const arrivals: Record<string, number> = {};
  for (const queue of input.queues) {
    arrivals[queue] =
      input.cursor === null ? 0 : toCount(jobs.get(queue)?.n_arrivals, 'n_arrivals');
  }
  // An empty table has no MAX(id); 0 then means "every row seen next time arrived since", which
  // holds because the table was empty now.
  return { at: input.now, queues, arrivals, cursor: maxId ?? 0 };
}

// Drivers hand integers back as numbers (better-sqlite3, mysql2) or strings (pg's bigint).
function toNumber(value: unknown, column: string): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new TypeError(`column ${column} holds ${String(value)}, expected a number`);
  }
  return number;
}

function toCount(value: unknown, column: string): number {
  return toNumber(value, column) ?? 0;
}
