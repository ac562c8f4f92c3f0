// A PostgreSQL schema of its own for each peer of a benchmark, so a run neither sees nor leaves
// anything in the database's other schemas.
import pg from 'pg';

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const dropSchema = (url, name) =>
  withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));

// Creates `name` afresh; returns a URL whose connections use it as their search_path.
export async function freshSchema(url, name) {
  await withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    await client.query(`CREATE SCHEMA ${name}`);
  });
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${name}`);
  return scoped.toString();
}
