// Laravel's PostgreSQL layout for jobs and failed_jobs, plus crew's claim columns and indexes.
// Migrations take a transaction-scoped advisory lock: concurrent `CREATE TABLE IF NOT EXISTS`
// can otherwise fail on PostgreSQL's catalog unique index.
import type { PoolClient } from 'pg';

const MIGRATION_LOCK = 4_216_771_101;

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS jobs (
    id bigserial PRIMARY KEY,
    queue varchar(255) NOT NULL,
    payload text NOT NULL,
    attempts smallint NOT NULL,
    reserved_at integer,
    available_at integer NOT NULL,
    created_at integer NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS jobs_queue_index ON jobs (queue)',
  'ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claim_token varchar(32)',
  'ALTER TABLE jobs ADD COLUMN IF NOT EXISTS lease_until_ms bigint',
  // Claims walk a queue in id order.
  'CREATE INDEX IF NOT EXISTS jobs_crew_queue_id ON jobs (queue, id)',
  'CREATE INDEX IF NOT EXISTS jobs_crew_lease ON jobs (lease_until_ms) WHERE lease_until_ms IS NOT NULL',
  `CREATE TABLE IF NOT EXISTS failed_jobs (
    id bigserial PRIMARY KEY,
    uuid varchar(255) NOT NULL UNIQUE,
    connection text NOT NULL,
    queue text NOT NULL,
    payload text NOT NULL,
    exception text NOT NULL,
    failed_at timestamp(0) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`,
];

export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of STATEMENTS) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
