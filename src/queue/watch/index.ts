// Opens a backlog watcher for another app's Laravel queue, as a pool's `backlog:` names it.
// Drivers are imported only when a source of their kind is opened, so a daemon that watches
// nothing never loads better-sqlite3, pg, mysql2 or ioredis.

import {
  type DatabaseTarget,
  formatDatabaseUrl,
  parseDatabaseUrl,
  redactUrl,
} from '../store-url.js';
import type { BacklogSource } from '../types.js';
import { invalidSource, unreachableSource } from './source-errors.js';
import {
  parseTableName,
  TABLE_NAME_RULE,
  type TableName,
  tableNameProblem,
} from './sql-dialect.js';

export interface LaravelDatabaseSpec {
  readonly kind: 'laravel-database';
  // sqlite:PATH, postgres://…, postgresql://…, mysql://… or mariadb://…
  readonly url: string;
  // Laravel's queue.connections.database.table (default "jobs").
  readonly table?: string;
  // Laravel's queue.failed.table (default "failed_jobs").
  readonly failedTable?: string;
  // Laravel's queue.connections.database.retry_after (default 90).
  readonly retryAfterSec?: number;
}

export interface LaravelRedisSpec {
  readonly kind: 'laravel-redis';
  // redis://[user:password@]host[:port][/db] or rediss://…
  readonly url: string;
  // Laravel's database.redis.options.prefix (REDIS_PREFIX: "laravel-database-" by default in
  // Laravel 11+, "laravel_database_" before); default "".
  readonly prefix?: string;
}

export type BacklogSourceSpec = LaravelDatabaseSpec | LaravelRedisSpec;

export interface OpenBacklogOptions {
  // Where a relative sqlite:PATH is resolved from (the config file's directory); default cwd.
  readonly baseDir?: string;
}

// Laravel's default retry_after for the database connection.
const DEFAULT_RETRY_AFTER_SEC = 90;

// Opens the source and checks that it answers. Throws CREW_BACKLOG_INVALID for a wrong spec and
// CREW_BACKLOG_UNAVAILABLE when it cannot connect.
export async function openBacklogSource(
  spec: BacklogSourceSpec,
  options: OpenBacklogOptions = {},
): Promise<BacklogSource> {
  if (spec.kind === 'laravel-redis') return openRedis(spec);
  if (spec.kind === 'laravel-database') return openDatabase(spec, options.baseDir ?? process.cwd());
  throw invalidSource(
    'kind',
    `"${String((spec as { kind: unknown }).kind)}" is not a backlog source`,
    'use laravel-database or laravel-redis',
  );
}

// The spec's URL as its kind needs it, or CREW_BACKLOG_INVALID naming what is accepted.
function targetOf(spec: BacklogSourceSpec, baseDir: string): DatabaseTarget {
  const parsed = parseDatabaseUrl(spec.url, 'backlog', baseDir);
  const shown = `"${redactUrl(spec.url)}"`;
  if (!parsed.ok) throw invalidSource('url', `${shown} ${parsed.problem}`, parsed.hint);
  const redis = parsed.target.engine === 'redis';
  if (spec.kind === 'laravel-redis' && !redis) {
    throw invalidSource(
      'url',
      `${shown} is not a Redis URL`,
      'use redis://HOST:PORT/DB or rediss://…',
    );
  }
  if (spec.kind === 'laravel-database' && redis) {
    throw invalidSource(
      'url',
      `${shown} is a Redis URL`,
      'use kind laravel-redis for a Redis queue',
    );
  }
  return parsed.target;
}

async function openRedis(spec: LaravelRedisSpec): Promise<BacklogSource> {
  targetOf(spec, process.cwd());
  const { openRedisSource } = await import('./redis-source.js');
  return openRedisSource({ url: spec.url, prefix: spec.prefix ?? '', label: redactUrl(spec.url) });
}

async function openDatabase(spec: LaravelDatabaseSpec, baseDir: string): Promise<BacklogSource> {
  const target = targetOf(spec, baseDir);
  const table = readTable('table', spec.table ?? 'jobs');
  const failedTable = readTable('failed_table', spec.failedTable ?? 'failed_jobs');
  const retryAfterSec = spec.retryAfterSec ?? DEFAULT_RETRY_AFTER_SEC;
  if (!Number.isSafeInteger(retryAfterSec) || retryAfterSec < 1) {
    throw invalidSource(
      'retry_after',
      `${retryAfterSec} is not a whole number of seconds above 0`,
      "use the app's queue.connections.database.retry_after (Laravel's default is 90)",
    );
  }
  const label = target.engine === 'sqlite' ? formatDatabaseUrl(target) : redactUrl(spec.url);
  const { createDatabaseSource } = await import('./database-source.js');
  try {
    const driver =
      target.engine === 'sqlite'
        ? await (await import('./sqlite-driver.js')).openSqliteDriver(target.path)
        : target.engine === 'postgres'
          ? await (await import('./postgres-driver.js')).openPostgresDriver(target.url)
          : await (await import('./mysql-driver.js')).openMysqlDriver(target.url);
    return createDatabaseSource(driver, { label, table, failedTable, retryAfterSec });
  } catch (error) {
    throw unreachableSource(label, error);
  }
}

function readTable(field: string, text: string): TableName {
  const table = parseTableName(text);
  if (table === null) {
    throw invalidSource(field, `"${text}" ${tableNameProblem(text)}`, TABLE_NAME_RULE);
  }
  return table;
}
