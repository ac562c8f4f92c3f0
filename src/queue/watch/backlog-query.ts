// The one statement a Laravel database-queue snapshot runs. Laravel's own size() has changed
// between versions (some count reserved jobs, some do not), so crew computes every count itself.
//
// Rows come in three parts, told apart by `part`:
//   'jobs'   one per requested queue that has rows: ready / delayed / reserved counts, the oldest
//            ready job's available_at (Unix seconds) and the rows whose id is above the cursor;
//   'failed' one per requested queue that has rows in failed_jobs (only if that table exists);
//   'due'    one per requested queue and due second within DUE_HORIZON_MS: delayed rows by the
//            available_at they fall due at (in oldest_at) and how many (in n_delayed);
//   'max'    exactly one: MAX(id) over the whole jobs table, the next cursor.
// They share one statement so they read one snapshot of the table: the arrivals counted and the
// cursor handed back agree, so no row is counted twice or skipped between two snapshots.
//
// Times are compared in whole seconds as Laravel writes them (its currentTime() is time()).
// A reservation older than retry_after is one Laravel hands out again, so it counts as ready.

import { DUE_HORIZON_MS } from '../types.js';
import {
  createParams,
  quoteTable,
  type SqlDialect,
  type SqlValue,
  type TableName,
} from './sql-dialect.js';

export interface BacklogQueryInput {
  readonly dialect: SqlDialect;
  readonly jobsTable: TableName;
  // null when the app has no failed-jobs table.
  readonly failedTable: TableName | null;
  readonly queues: readonly string[];
  readonly nowSec: number;
  readonly retryAfterSec: number;
  // The previous snapshot's cursor; null on the first snapshot (no arrivals are counted).
  readonly cursor: number | null;
}

export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

// Builds the snapshot statement; every value travels as a parameter.
export function buildBacklogQuery(input: BacklogQueryInput): SqlStatement {
  const params = createParams(input.dialect);
  const jobs = quoteTable(input.dialect, input.jobsTable);
  const queues = [...new Set(input.queues)];
  const parts: string[] = [];

  if (queues.length > 0) {
    // Placeholders are handed out as the text is written: `?` binds by position.
    const now = () => params.add(input.nowSec);
    const expiredBefore = () => params.add(input.nowSec - input.retryAfterSec);
    const ready = () =>
      `(reserved_at IS NULL AND available_at <= ${now()}) OR ` +
      `(reserved_at IS NOT NULL AND reserved_at <= ${expiredBefore()})`;
    const arrivals = () =>
      input.cursor === null ? '0' : `COUNT(CASE WHEN id > ${params.add(input.cursor)} THEN 1 END)`;
    const inQueues = () => queues.map((queue) => params.add(queue)).join(', ');
    parts.push(
      `SELECT 'jobs' AS part, queue, ` +
        `COUNT(CASE WHEN ${ready()} THEN 1 END) AS n_ready, ` +
        `COUNT(CASE WHEN reserved_at IS NULL AND available_at > ${now()} THEN 1 END) AS n_delayed, ` +
        `COUNT(CASE WHEN reserved_at IS NOT NULL AND reserved_at > ${expiredBefore()} THEN 1 END) AS n_reserved, ` +
        `MIN(CASE WHEN ${ready()} THEN available_at END) AS oldest_at, ` +
        `${arrivals()} AS n_arrivals, 0 AS n_failed, 0 AS max_id ` +
        `FROM ${jobs} WHERE queue IN (${inQueues()}) GROUP BY queue`,
    );
    parts.push(
      `SELECT 'due', queue, 0, COUNT(*), 0, available_at, 0, 0, 0 FROM ${jobs} ` +
        `WHERE queue IN (${inQueues()}) AND reserved_at IS NULL ` +
        `AND available_at > ${now()} AND available_at <= ${params.add(input.nowSec + DUE_HORIZON_MS / 1000)} ` +
        `GROUP BY queue, available_at`,
    );
    if (input.failedTable !== null) {
      parts.push(
        `SELECT 'failed', queue, 0, 0, 0, 0, 0, COUNT(*), 0 ` +
          `FROM ${quoteTable(input.dialect, input.failedTable)} ` +
          `WHERE queue IN (${inQueues()}) GROUP BY queue`,
      );
    }
  }
  // Columns a part does not use hold 0 or '', never a bare NULL: PostgreSQL types a NULL in the
  // first branch of a UNION as text and then refuses to match it with a number.
  parts.push(
    `SELECT 'max' AS part, '' AS queue, 0 AS n_ready, 0 AS n_delayed, 0 AS n_reserved, ` +
      `0 AS oldest_at, 0 AS n_arrivals, 0 AS n_failed, MAX(id) AS max_id FROM ${jobs}`,
  );
  return { sql: parts.join(' UNION ALL '), params: params.values };
}
