import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from '../test-support/store-contract.js';
import { openSqliteStore } from './store.js';

storeContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-store-'));
  const path = join(dir, 'crew.db');
  const store = openSqliteStore(path);
  await store.migrate();
  return {
    store,
    async another(options = {}) {
      const other = openSqliteStore(path, options);
      await other.migrate();
      return other;
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
