// A BacklogSource over a Laravel database queue, whatever the engine: the driver runs SQL, this
// builds the statement, reads the rows and turns failures into coded errors.

import type { BacklogSnapshot, BacklogSource } from '../types.js';
import { buildBacklogQuery } from './backlog-query.js';
import { readBacklogRows, type SqlRow } from './backlog-rows.js';
import { unreadableSource } from './source-errors.js';
import { quoteTable, type SqlDialect, type SqlValue, type TableName } from './sql-dialect.js';

// What each engine's driver (sqlite-driver.ts, postgres-driver.ts, mysql-driver.ts) provides.
export interface SqlDriver {
  readonly dialect: SqlDialect;
  query(sql: string, params: readonly SqlValue[]): Promise<readonly SqlRow[]>;
  hasTable(table: TableName): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseSourceOptions {
  // The URL or path for messages, password masked.
  readonly label: string;
  readonly table: TableName;
  readonly failedTable: TableName;
  readonly retryAfterSec: number;
}

// Wraps an open driver; closing the source closes the driver.
export function createDatabaseSource(
  driver: SqlDriver,
  options: DatabaseSourceOptions,
): BacklogSource {
  // Whether failed_jobs exists is asked until a snapshot succeeds, then remembered until one
  // fails: before the app's migrations ran, neither table exists and the answer would be stale.
  let hasFailedTable: boolean | null = null;
  let closed: Promise<void> | null = null;

  async function snapshot(
    queues: readonly string[],
    now: number,
    cursor: number | null,
  ): Promise<BacklogSnapshot> {
    if (closed !== null)
      throw unreadableSource(options.label, 'the source is closed', 'open it again');
    try {
      const failedExists = hasFailedTable ?? (await driver.hasTable(options.failedTable));
      const statement = buildBacklogQuery({
        dialect: driver.dialect,
        jobsTable: options.table,
        failedTable: failedExists ? options.failedTable : null,
        queues,
        nowSec: Math.floor(now / 1000),
        retryAfterSec: options.retryAfterSec,
        cursor,
      });
      const rows = await driver.query(statement.sql, statement.params);
      const result = readBacklogRows({ rows, queues, now, cursor, hasFailedTable: failedExists });
      hasFailedTable = failedExists;
      return result;
    } catch (error) {
      hasFailedTable = null;
      const table = quoteTable(driver.dialect, options.table);
      throw unreadableSource(
        options.label,
        error,
        `check that table ${table} exists (the app's migrations ran) and that the user may read it`,
      );
    }
  }

  return {
    snapshot,
    close() {
      closed ??= driver.close();
      return closed;
    },
  };
}
