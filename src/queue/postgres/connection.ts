// Runs a store operation on the pg pool: errors become CREW_STORE errors naming the operation and
// the (redacted) database, and a transaction runs on one client with BEGIN/COMMIT/ROLLBACK.
import type { Pool, PoolClient } from 'pg';
import { CrewError } from '../../errors/crew-error.js';

export interface PgRunner {
  // Runs `run`, turning a failure into a CREW_STORE error that says what failed where.
  wrap<T>(what: string, run: () => Promise<T>): Promise<T>;
  // Runs `body` in one transaction on one client, rolled back if it throws.
  tx<T>(what: string, body: (client: PoolClient) => Promise<T>): Promise<T>;
}

// Creates the runner for `pool`; `where` names the database in messages (no password).
export function createPgRunner(pool: Pool, where: string): PgRunner {
  const wrap = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CrewError) throw error;
      throw new CrewError('CREW_STORE', `${what} on ${where} failed: ${(error as Error).message}`);
    }
  };
  const tx = <T>(what: string, body: (client: PoolClient) => Promise<T>) =>
    wrap(what, async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await body(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    });
  return { wrap, tx };
}
