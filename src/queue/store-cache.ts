// Store handles kept open by URL, for a process that talks to several stores now and then (the
// daemon putting back a dead worker's jobs). A handle that fails to open is not kept, so the
// next call tries again.
import { openStore } from './open-store.js';
import type { JobStore } from './store.js';

export interface StoreCache {
  // The store at this URL, opened and migrated on first use.
  get(url: string): Promise<JobStore>;
  close(): Promise<void>;
}

export function createStoreCache(): StoreCache {
  const open = new Map<string, Promise<JobStore>>();
  return {
    get(url) {
      let store = open.get(url);
      if (!store) {
        store = openStore(url).then(async (s) => {
          await s.migrate();
          return s;
        });
        open.set(url, store);
        store.catch(() => open.delete(url));
      }
      return store;
    },
    async close() {
      const stores = [...open.values()];
      open.clear();
      for (const store of stores) await store.then((s) => s.close()).catch(() => {});
    },
  };
}
