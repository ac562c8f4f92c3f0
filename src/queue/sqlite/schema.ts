// Laravel's SQLite layout for jobs and failed_jobs (as its migrations create them), plus crew's
// claim columns, added to an existing Laravel table when missing.
import type Database from 'better-sqlite3';

const TABLES = `
CREATE TABLE IF NOT EXISTS jobs (
  id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  queue varchar NOT NULL,
  payload text NOT NULL,
  attempts integer NOT NULL,
  reserved_at integer,
  available_at integer NOT NULL,
  created_at integer NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_queue_index ON jobs (queue);
CREATE TABLE IF NOT EXISTS failed_jobs (
  id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  uuid varchar NOT NULL,
  connection text NOT NULL,
  queue text NOT NULL,
  payload text NOT NULL,
  exception text NOT NULL,
  failed_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX IF NOT EXISTS failed_jobs_uuid_unique ON failed_jobs (uuid);
`;

// Claims scan ready rows of a queue in id order; lapsed claims are found by their lease.
const CREW_INDEXES = `
CREATE INDEX IF NOT EXISTS jobs_crew_ready ON jobs (queue, reserved_at, id);
CREATE INDEX IF NOT EXISTS jobs_crew_lease ON jobs (lease_until_ms) WHERE lease_until_ms IS NOT NULL;
`;

const CREW_COLUMNS: Record<string, string> = {
  claim_token: 'varchar',
  lease_until_ms: 'integer',
  // Times the job's worker died while running it (crew puts it back without spending a try).
  stalls: 'integer NOT NULL DEFAULT 0',
};

// Runs inside BEGIN IMMEDIATE, so concurrent migrations queue on the write lock and each sees
// the previous one's result.
export function migrateSqlite(db: Database.Database): void {
  db.transaction(() => {
    db.exec(TABLES);
    const have = new Set(
      (db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name),
    );
    for (const [name, type] of Object.entries(CREW_COLUMNS)) {
      if (!have.has(name)) db.exec(`ALTER TABLE jobs ADD COLUMN ${name} ${type}`);
    }
    db.exec(CREW_INDEXES);
  }).immediate();
}
