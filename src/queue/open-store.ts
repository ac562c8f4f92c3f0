// `store:` as written in crew.yaml (normalised to `sqlite:/abs/path` or a postgres URL) → a store.
import { CrewError } from '../errors/crew-error.js';
import type { JobStore } from './store.js';

export async function openStore(url: string): Promise<JobStore> {
  if (url.startsWith('sqlite:')) {
    const { openSqliteStore } = await import('./sqlite/store.js');
    return openSqliteStore(url.slice('sqlite:'.length));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import('./postgres/store.js');
    return openPostgresStore(url);
  }
  throw new CrewError('CREW_STORE', `unknown job store "${url}"`, [
    'use sqlite:PATH (the default is sqlite:var/crew.db beside crew.yaml) or postgres://USER@HOST/DB',
  ]);
}
