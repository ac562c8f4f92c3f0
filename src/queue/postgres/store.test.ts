import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createPgSchema } from '../test-support/pg-schema.js';
import { serverUrl } from '../test-support/servers.js';
import { storeContract } from '../test-support/store-contract.js';
import { openPostgresStore } from './store.js';

storeContract('postgres', async (t) => {
  const server = await serverUrl(t, 'postgres');
  if (!server) return null;
  const schema = await createPgSchema(server);
  const store = openPostgresStore(schema.url);
  await store.migrate();
  return {
    store,
    async another(options = {}) {
      return openPostgresStore(schema.url, options);
    },
    async dispose() {
      await store.close();
      await schema.drop();
    },
  };
});

test('a worker starting while claims hold rows does not take a lock on jobs', async (t) => {
  const server = await serverUrl(t, 'postgres');
  if (!server) return;
  const schema = await createPgSchema(server);
  const store = openPostgresStore(schema.url);
  const holder = new pg.Client({ connectionString: schema.url });
  await holder.connect();
  try {
    await store.migrate();
    await store.add([{ queue: 'q', payload: '{}', availableAtSec: 0 }], Date.now());
    // A claim in flight: its transaction holds a row lock on jobs (ROW SHARE on the table).
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM jobs FOR UPDATE');
    // Before: every worker start ran ALTER TABLE … IF NOT EXISTS, which queues for an exclusive
    // lock behind the claim (and, with claims queued behind it, deadlocked). Now it returns.
    const starting = openPostgresStore(schema.url, { holder: 'w' });
    await starting.migrate();
    await starting.close();
    const waiting = await holder.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'jobs'::regclass",
    );
    assert.equal((waiting.rows[0] as { n: number }).n, 0);
  } finally {
    await holder.query('ROLLBACK').catch(() => {});
    await holder.end();
    await store.close();
    await schema.drop();
  }
});
