// The SQLite driver for a watched Laravel database queue: the app's own database file, opened
// read-only so crew can never change it.

import Database from 'better-sqlite3';
import type { SqlDriver } from './database-source.js';
import type { SqlValue, TableName } from './sql-dialect.js';

// better-sqlite3 is synchronous, so waiting on a lock blocks the daemon's event loop: wait a
// little (a writer in rollback-journal mode holds the lock only while it commits), then fail this
// snapshot and let the next tick try again. In WAL mode readers never wait.
const BUSY_TIMEOUT_MS = 250;

// Opens the file; throws if it does not exist or is not a database.
export async function openSqliteDriver(path: string): Promise<SqlDriver> {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    // Opening is lazy: read the schema now so a file that is not a database fails here.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    throw error;
  }
  // The statement only changes with the number of queues and the first call's missing cursor,
  // so keeping the last one prepared spares re-parsing it every tick.
  let last: { sql: string; statement: Database.Statement<SqlValue[]> } | null = null;

  return {
    dialect: 'sqlite',
    async query(sql, params) {
      if (last?.sql !== sql) last = { sql, statement: db.prepare<SqlValue[]>(sql) };
      return last.statement.all(...params) as Record<string, unknown>[];
    },
    async hasTable(table: TableName) {
      const master = table.schema === null ? 'sqlite_master' : `"${table.schema}".sqlite_master`;
      const row = db
        .prepare(`SELECT 1 AS present FROM ${master} WHERE type = 'table' AND name = ?`)
        .get(table.name);
      return row !== undefined;
    },
    async close() {
      db.close();
    },
  };
}
