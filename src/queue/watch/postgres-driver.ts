// The PostgreSQL driver for a watched Laravel database queue: a pool of one connection, which
// reconnects by itself after the server restarts.

import pg from 'pg';
import type { SqlDriver } from './database-source.js';
import { quoteTable } from './sql-dialect.js';

const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;
// Snapshots come every few seconds; a connection idle for a minute is given back to the server.
const IDLE_TIMEOUT_MS = 60_000;

// Connects and checks the server answers; throws the driver's error if not.
export async function openPostgresDriver(url: string): Promise<SqlDriver> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    application_name: 'crew backlog',
  });
  // An idle connection the server drops is reported here; unheard, the event would crash the
  // daemon. The pool discards that connection and the next snapshot opens a fresh one.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }

  return {
    dialect: 'postgres',
    async query(sql, params) {
      return (await pool.query<Record<string, unknown>>(sql, [...params])).rows;
    },
    async hasTable(table) {
      // to_regclass follows search_path like the queries do, and answers NULL instead of failing.
      const result = await pool.query<{ present: boolean }>(
        'SELECT to_regclass($1) IS NOT NULL AS present',
        [quoteTable('postgres', table)],
      );
      return result.rows[0]?.present === true;
    },
    async close() {
      await pool.end();
    },
  };
}
