// A PostgreSQL schema of its own per test, so parallel tests never share tables: the returned
// URL sets search_path, and drop() removes the schema with everything in it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgSchema {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function createPgSchema(serverUrl: string): Promise<PgSchema> {
  const name = `crew_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
