// The MySQL/MariaDB driver for a watched Laravel database queue: a pool of one connection, which
// reconnects by itself after the server restarts.

import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { SqlDriver } from './database-source.js';

const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;
// Snapshots come every few seconds; a connection idle for a minute is given back to the server.
const IDLE_TIMEOUT_MS = 60_000;

// Connects and checks the server answers; throws the driver's error if not.
export async function openMysqlDriver(url: string): Promise<SqlDriver> {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: 1,
    maxIdle: 1,
    idleTimeout: IDLE_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
  });
  // mysql2 listens for a pooled connection's first error only; a second one (the server going
  // away while the socket closes) would be unheard and crash the daemon.
  pool.pool.on('connection', (connection) => connection.on('error', () => {}));

  // mysql2's own per-query `timeout` leaves its timer armed when the connection dies mid-query
  // (holding the process open, then calling back a second time), so the timeout is kept here:
  // a query that overruns has its connection destroyed, which fails the query and frees the pool.
  const query = async (sql: string, params: readonly unknown[]): Promise<RowDataPacket[]> => {
    const connection = await pool.getConnection();
    const timer = setTimeout(() => connection.destroy(), QUERY_TIMEOUT_MS);
    try {
      const [rows] = await connection.query<RowDataPacket[]>(sql, [...params]);
      return rows;
    } finally {
      clearTimeout(timer);
      connection.release();
    }
  };

  try {
    await query('SELECT 1', []);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }

  return {
    dialect: 'mysql',
    query,
    async hasTable(table) {
      const rows = await query(
        'SELECT COUNT(*) AS n FROM information_schema.tables ' +
          'WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?',
        [table.schema, table.name],
      );
      return Number(rows[0]?.n) > 0;
    },
    async close() {
      await pool.end();
    },
  };
}
