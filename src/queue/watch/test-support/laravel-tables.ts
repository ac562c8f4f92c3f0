// A Laravel database queue for tests: jobs and failed_jobs created the way Laravel's migrations
// (create_jobs_table, Laravel 11+) create them on each engine, under names unique to the test,
// written through a connection of the test's own, as the app would write them.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { serverUrl, uniqueName } from '../../test-support/servers.js';

export type Engine = 'sqlite' | 'postgres' | 'mysql';

export interface JobRow {
  readonly queue: string;
  readonly availableAt: number;
  readonly reservedAt?: number | null;
}

export interface LaravelDatabase {
  // What openBacklogSource takes.
  readonly url: string;
  readonly jobsTable: string;
  readonly failedTable: string;
  // Creates the tables (failed_jobs only when asked).
  createTables(options: { failed: boolean }): Promise<void>;
  // Inserts the jobs in order and returns their ids.
  insertJobs(rows: readonly JobRow[]): Promise<number[]>;
  deleteJob(id: number): Promise<void>;
  insertFailed(queue: string): Promise<void>;
  // Drops the tables and closes the connection.
  drop(): Promise<void>;
}

interface Writer {
  run(sql: string, params?: readonly (string | number | null)[]): Promise<number>;
  close(): Promise<void>;
}

// A database of the engine, or null when its server is not reachable (the test is skipped).
export async function createLaravelDatabase(
  t: TestContext,
  engine: Engine,
): Promise<LaravelDatabase | null> {
  const base = uniqueName();
  const jobs = `${base}_jobs`;
  const failed = `${base}_failed_jobs`;
  const opened = await openWriter(t, engine);
  if (opened === null) return null;
  const { url, writer } = opened;
  const q = (name: string) => (engine === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const placeholders = (count: number) =>
    Array.from({ length: count }, (_, i) => (engine === 'postgres' ? `$${i + 1}` : '?')).join(', ');

  return {
    url,
    jobsTable: jobs,
    failedTable: failed,
    async createTables(options) {
      for (const sql of jobsDdl(engine, jobs)) await writer.run(sql);
      if (options.failed) for (const sql of failedDdl(engine, failed)) await writer.run(sql);
    },
    async insertJobs(rows) {
      const ids: number[] = [];
      for (const row of rows) {
        const sql =
          `INSERT INTO ${q(jobs)} (queue, payload, attempts, reserved_at, available_at, created_at) ` +
          `VALUES (${placeholders(6)})`;
        const reservedAt = row.reservedAt ?? null;
        const attempts = reservedAt === null ? 0 : 1;
        ids.push(
          await writer.run(sql, [
            row.queue,
            '{}',
            attempts,
            reservedAt,
            row.availableAt,
            row.availableAt,
          ]),
        );
      }
      return ids;
    },
    async deleteJob(id) {
      await writer.run(`DELETE FROM ${q(jobs)} WHERE id = ${placeholders(1)}`, [id]);
    },
    async insertFailed(queue) {
      await writer.run(
        `INSERT INTO ${q(failed)} (uuid, connection, queue, payload, exception) VALUES (${placeholders(5)})`,
        [uniqueName('uuid'), 'database', queue, '{}', 'RuntimeException'],
      );
    },
    async drop() {
      try {
        await writer.run(`DROP TABLE IF EXISTS ${q(jobs)}`);
        await writer.run(`DROP TABLE IF EXISTS ${q(failed)}`);
      } finally {
        await writer.close();
      }
    },
  };
}

async function openWriter(
  t: TestContext,
  engine: Engine,
): Promise<{ url: string; writer: Writer } | null> {
  if (engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const dir = mkdtempSync(join(tmpdir(), 'crew-backlog-'));
    const path = join(dir, 'database.sqlite');
    const db = new Database(path);
    // Laravel apps commonly run SQLite in WAL mode; the watcher must read alongside a writer.
    db.pragma('journal_mode = WAL');
    return {
      url: `sqlite:${path}`,
      writer: {
        async run(sql, params = []) {
          return Number(db.prepare(sql).run(...params).lastInsertRowid);
        },
        async close() {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      },
    };
  }
  const url = await serverUrl(t, engine);
  if (url === null) return null;
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      url,
      writer: {
        async run(sql, params = []) {
          const returning = sql.startsWith('INSERT') ? `${sql} RETURNING id` : sql;
          const result = await client.query<{ id: string }>(returning, [...params]);
          return Number(result.rows[0]?.id ?? 0);
        },
        async close() {
          await client.end();
        },
      },
    };
  }
  const { default: mysql } = await import('mysql2/promise');
  const connection = await mysql.createConnection({ uri: url });
  return {
    url,
    writer: {
      async run(sql, params = []) {
        const [result] = await connection.query(sql, [...params]);
        return 'insertId' in result ? Number(result.insertId) : 0;
      },
      async close() {
        await connection.end();
      },
    },
  };
}

// The statements Laravel's schema grammar emits for create_jobs_table's jobs table.
function jobsDdl(engine: Engine, table: string): string[] {
  if (engine === 'mysql') {
    return [
      `create table \`${table}\` (\`id\` bigint unsigned not null auto_increment primary key, ` +
        '`queue` varchar(255) not null, `payload` longtext not null, ' +
        '`attempts` tinyint unsigned not null, `reserved_at` int unsigned null, ' +
        '`available_at` int unsigned not null, `created_at` int unsigned not null) ' +
        "default character set utf8mb4 collate 'utf8mb4_unicode_ci'",
      `alter table \`${table}\` add index \`${table}_queue_index\`(\`queue\`)`,
    ];
  }
  if (engine === 'postgres') {
    return [
      `create table "${table}" ("id" bigserial not null primary key, ` +
        '"queue" varchar(255) not null, "payload" text not null, "attempts" smallint not null, ' +
        '"reserved_at" integer null, "available_at" integer not null, "created_at" integer not null)',
      `create index "${table}_queue_index" on "${table}" ("queue")`,
    ];
  }
  return [
    `create table "${table}" ("id" integer primary key autoincrement not null, ` +
      '"queue" varchar not null, "payload" text not null, "attempts" integer not null, ' +
      '"reserved_at" integer, "available_at" integer not null, "created_at" integer not null)',
    `create index "${table}_queue_index" on "${table}" ("queue")`,
  ];
}

// The same for its failed_jobs table.
function failedDdl(engine: Engine, table: string): string[] {
  if (engine === 'mysql') {
    return [
      `create table \`${table}\` (\`id\` bigint unsigned not null auto_increment primary key, ` +
        '`uuid` varchar(255) not null, `connection` text not null, `queue` text not null, ' +
        '`payload` longtext not null, `exception` longtext not null, ' +
        '`failed_at` timestamp not null default CURRENT_TIMESTAMP) ' +
        "default character set utf8mb4 collate 'utf8mb4_unicode_ci'",
      `alter table \`${table}\` add unique \`${table}_uuid_unique\`(\`uuid\`)`,
    ];
  }
  if (engine === 'postgres') {
    return [
      `create table "${table}" ("id" bigserial not null primary key, ` +
        '"uuid" varchar(255) not null, "connection" text not null, "queue" text not null, ' +
        '"payload" text not null, "exception" text not null, ' +
        '"failed_at" timestamp(0) without time zone not null default CURRENT_TIMESTAMP)',
      `alter table "${table}" add constraint "${table}_uuid_unique" unique ("uuid")`,
    ];
  }
  return [
    `create table "${table}" ("id" integer primary key autoincrement not null, ` +
      '"uuid" varchar not null, "connection" text not null, "queue" text not null, ' +
      '"payload" text not null, "exception" text not null, ' +
      '"failed_at" datetime not null default CURRENT_TIMESTAMP)',
    `create unique index "${table}_uuid_unique" on "${table}" ("uuid")`,
  ];
}
