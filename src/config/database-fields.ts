// The fields of crew.yaml that name a database: the job store's URL, a backlog's source URL and
// its table names. Checked by the parsers the store and the watchers open them with, so a URL or
// table crew cannot use is a config error at load rather than a failure at run time.
import { z } from 'zod';
import { parseDatabaseUrl, type UrlRole } from '../queue/store-url.js';
import { TABLE_NAME_RULE, tableNameProblem } from '../queue/watch/sql-dialect.js';

// A URL of the role; a relative sqlite: path stays as written (normalise.ts resolves it).
export function databaseUrl(role: UrlRole) {
  return z.string().superRefine((v, ctx) => {
    const parsed = parseDatabaseUrl(v, role, '/');
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${parsed.problem}; ${parsed.hint}` });
  });
}

// `jobs` or `schema.jobs`, as the watchers quote them.
export const tableName = z.string().superRefine((v, ctx) => {
  const problem = tableNameProblem(v);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: `${problem}; ${TABLE_NAME_RULE}` });
});
