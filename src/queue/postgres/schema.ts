// Laravel's PostgreSQL layout for jobs and failed_jobs, plus crew's claim columns and indexes.
// Migrations take a transaction-scoped advisory lock: concurrent `CREATE TABLE IF NOT EXISTS`
// can otherwise fail on PostgreSQL's catalog unique index. A schema that is already current is
// left alone without any lock: `ALTER TABLE … IF NOT EXISTS` takes an exclusive lock on jobs
// even when it changes nothing, and every worker start doing so deadlocked with running claims.
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
  // Times the job's worker died while running it (crew puts it back without spending a try).
  'ALTER TABLE jobs ADD COLUMN IF NOT EXISTS stalls smallint NOT NULL DEFAULT 0',
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

// True when jobs has crew's columns and the last index and failed_jobs exist (in the search path).
const IS_CURRENT = `
SELECT (SELECT count(*) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'jobs'
           AND column_name IN ('claim_token', 'lease_until_ms', 'stalls')) = 3
   AND to_regclass('jobs_crew_lease') IS NOT NULL
   AND to_regclass('failed_jobs') IS NOT NULL AS current`;

export async function migratePostgres(client: PoolClient): Promise<void> {
  const check = await client.query(IS_CURRENT);
  if ((check.rows[0] as { current: boolean }).current) return;
  await client.query('BEGIN');
  try {
    // A table busy with claims makes this fail (and the opener retry), never wait forever.
    await client.query("SET LOCAL lock_timeout = '10s'");
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of STATEMENTS) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
