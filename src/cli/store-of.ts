// The job store a command talks to directly: --store, then CREW_STORE, then crew.yaml's `store:`.
import { resolve } from 'node:path';
import { openStore } from '../queue/open-store.js';
import { sqliteStoreError } from '../queue/sqlite/open-errors.js';
import type { JobStore } from '../queue/store.js';
import { resolveDatabaseUrl } from '../queue/store-url.js';

export interface StoreOptions {
  readonly config: string;
  readonly store?: string;
}

export async function storeUrl(options: StoreOptions, env = process.env): Promise<string> {
  const given = options.store ?? env.CREW_STORE;
  if (given) return resolveDatabaseUrl(given, 'store', process.cwd());
  const { loadConfigOrThrow } = await import('../config/load.js');
  return loadConfigOrThrow(resolve(options.config), env).config.store;
}

// Opens (and migrates) the store, runs fn, and closes it whatever happens. A SQLite file found
// damaged or a disk found full while fn runs is reported in one line, as when opening.
export async function withStore<T>(
  options: StoreOptions,
  fn: (store: JobStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(await storeUrl(options));
  try {
    await store.migrate();
    return await fn(store);
  } catch (error) {
    throw (store.kind === 'sqlite' && sqliteStoreError(error, store.where)) || error;
  } finally {
    await store.close();
  }
}
