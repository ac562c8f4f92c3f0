// The fields of a pool's `backlog:` that only one kind of source reads: a database queue (SQLite,
// PostgreSQL, MySQL) has tables and a retry_after, a Redis queue has a key prefix. Written for
// the other kind they would do nothing, so they are mistakes rather than silently ignored.
import { parseDatabaseUrl } from '../queue/store-url.js';
import type { PathIssue } from './issues.js';
import { isRaw, type Raw } from './raw-yaml.js';

const DATABASE_ONLY = ['table', 'failed_table', 'retry_after'] as const;

function engineOf(source: unknown): string | null {
  if (typeof source !== 'string') return null;
  const parsed = parseDatabaseUrl(source, 'backlog', '/');
  return parsed.ok ? parsed.target.engine : null;
}

// Errors for backlog fields the pool's source kind does not read; `at` makes a path in the pool.
export function backlogRuleErrors(pool: Raw, at: (...keys: string[]) => string[]): PathIssue[] {
  const backlog = pool.backlog;
  if (!isRaw(backlog)) return [];
  const engine = engineOf(backlog.source);
  if (engine === null) return [];
  const issue = (key: string, message: string): PathIssue => ({
    path: at('backlog', key),
    at: 'key',
    message,
  });
  if (engine === 'redis') {
    return DATABASE_ONLY.filter((key) => backlog[key] !== undefined).map((key) =>
      issue(
        key,
        key === 'retry_after'
          ? 'applies only to a database source; a Redis queue keeps each reservation with its own expiry, so a redis:// source does not read it'
          : 'applies only to a database source (sqlite:, postgres://, mysql://); a Redis queue has no tables, so a redis:// source does not read it',
      ),
    );
  }
  if (backlog.prefix === undefined) return [];
  return [
    issue(
      'prefix',
      `applies only to a redis:// source (Laravel's Redis key prefix); this ${engine} source reads the table named by table:`,
    ),
  ];
}
