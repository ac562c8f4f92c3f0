// The one parser of the URLs crew talks to databases by: its own job store (`store:`, --store,
// CREW_STORE) and the queues a pool's `backlog:` watches. Pure: config load, open-store, the
// backlog watchers and the CLI all read a URL through here and word its problems their own way.
//
//   sqlite:PATH             relative PATH from the config's directory; `sqlite:///abs` also works
//   postgres://, postgresql://
//   mysql://, mariadb://    both spoken by mysql2 (mariadb:// is rewritten to mysql://)
//   redis://, rediss://     a Laravel Redis queue (backlog only)

import { isAbsolute, resolve } from 'node:path';

export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres' | 'mysql' | 'redis'; readonly url: string };

export type DatabaseEngine = DatabaseTarget['engine'];

// What a URL is for: crew's job store, or another app's queue to watch.
export type UrlRole = 'store' | 'backlog';

export type ParsedUrl =
  | { readonly ok: true; readonly target: DatabaseTarget }
  // `problem` says what is wrong (`has an unknown scheme "ftp"`), `hint` what is accepted.
  | { readonly ok: false; readonly problem: string; readonly hint: string };

const SCHEMES: Readonly<Record<string, DatabaseEngine>> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  redis: 'redis',
  rediss: 'redis',
};

const ENGINES: Readonly<Record<UrlRole, readonly DatabaseEngine[]>> = {
  store: ['sqlite', 'postgres'],
  backlog: ['sqlite', 'postgres', 'mysql', 'redis'],
};

const FORMS: Readonly<Record<DatabaseEngine, string>> = {
  sqlite: 'sqlite:PATH',
  postgres: 'postgres://USER@HOST/DB',
  mysql: 'mysql://USER@HOST/DB, mariadb://USER@HOST/DB',
  redis: 'redis://HOST:PORT/DB',
};

// The forms a role accepts, for hints: `use sqlite:PATH or postgres://USER@HOST/DB`.
export function acceptedUrls(role: UrlRole): string {
  const forms = ENGINES[role].map((engine) => FORMS[engine]);
  return `use ${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}`;
}

// Parses a URL for its role; a relative sqlite: path is resolved against baseDir.
export function parseDatabaseUrl(url: string, role: UrlRole, baseDir: string): ParsedUrl {
  const fail = (problem: string): ParsedUrl => ({ ok: false, problem, hint: acceptedUrls(role) });
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return fail('has no scheme');
  const engine = SCHEMES[scheme];
  if (engine === undefined) return fail(`has an unknown scheme "${scheme}"`);
  if (!ENGINES[role].includes(engine)) {
    return fail(
      `is a ${engine} URL, which ${role === 'store' ? 'the job store' : 'a backlog'} cannot be`,
    );
  }
  const rest = url.slice(scheme.length + 1);
  if (engine === 'sqlite') {
    const path = rest.replace(/^\/\/(?=\/)/, '');
    if (path === '') return fail('names no file');
    return { ok: true, target: { engine, path: isAbsolute(path) ? path : resolve(baseDir, path) } };
  }
  if (!rest.startsWith('//') || !URL.canParse(url)) {
    return fail(`is not a URL like ${FORMS[engine].split(',')[0]}`);
  }
  return { ok: true, target: { engine, url: engine === 'mysql' ? `mysql:${rest}` : url } };
}

// The URL with a relative sqlite: path made absolute against baseDir; other URLs, and ones the
// role cannot use (their opener reports them), as written.
export function resolveDatabaseUrl(url: string, role: UrlRole, baseDir: string): string {
  const parsed = parseDatabaseUrl(url, role, baseDir);
  return parsed.ok && parsed.target.engine === 'sqlite' ? formatDatabaseUrl(parsed.target) : url;
}

// The target as a URL again: `sqlite:/abs/path`, other URLs as given (mariadb: as mysql:).
export function formatDatabaseUrl(target: DatabaseTarget): string {
  return target.engine === 'sqlite' ? `sqlite:${target.path}` : target.url;
}

// The URL as shown in messages: a password, if any, is masked.
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can parse: show no part that might hold a password.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
