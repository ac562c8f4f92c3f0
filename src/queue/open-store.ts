// `store:` as written in crew.yaml (normalised to `sqlite:/abs/path` or a postgres URL), --store
// or CREW_STORE → a store. A relative sqlite: path is taken from the working directory.
import { CrewError } from '../errors/crew-error.js';
import type { JobStore } from './store.js';
import { parseDatabaseUrl, redactUrl } from './store-url.js';

// Opens the store the URL names (not migrated); throws CREW_STORE for a URL it cannot use.
// `holder` (a worker process's instance id) prefixes its claim tokens.
export async function openStore(url: string, options: { holder?: string } = {}): Promise<JobStore> {
  const parsed = parseDatabaseUrl(url, 'store', process.cwd());
  if (!parsed.ok) {
    throw new CrewError('CREW_STORE', `the job store "${redactUrl(url)}" ${parsed.problem}`, [
      `${parsed.hint} (the default is sqlite:var/crew.db beside crew.yaml)`,
    ]);
  }
  const { target } = parsed;
  if (target.engine === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite/store.js');
    return openSqliteStore(target.path, options);
  }
  const { openPostgresStore } = await import('./postgres/store.js');
  return openPostgresStore(target.url, options);
}
