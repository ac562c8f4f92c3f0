// Which engine a Laravel database-queue URL points at: `sqlite:PATH` (absolute, or relative to
// the config's directory; `sqlite:///abs/path` also works), `postgres://`/`postgresql://`, or
// `mysql://`/`mariadb://` (both spoken by mysql2).

import { isAbsolute, resolve } from 'node:path';
import { invalidSource, redactUrl } from './source-errors.js';

export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly url: string }
  | { readonly engine: 'mysql'; readonly url: string };

// Parses the URL, or throws CREW_BACKLOG_INVALID naming what is accepted.
export function parseDatabaseUrl(url: string, baseDir: string): DatabaseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    // `sqlite:///var/app.db` is the URL form of `sqlite:/var/app.db`.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw invalid(url, 'names no file');
    return { engine: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { engine: 'postgres', url };
  if (scheme === 'mysql' || scheme === 'mariadb') {
    return { engine: 'mysql', url: `mysql:${url.slice(scheme.length + 1)}` };
  }
  throw invalid(url, scheme === undefined ? 'has no scheme' : `has an unknown scheme "${scheme}"`);
}

function invalid(url: string, problem: string) {
  return invalidSource(
    'url',
    `"${redactUrl(url)}" ${problem}`,
    'use sqlite:PATH, postgres://USER@HOST/DB, mysql://USER@HOST/DB or mariadb://USER@HOST/DB',
  );
}
