import { createPgSchema } from '../test-support/pg-schema.js';
import { serverUrl } from '../test-support/servers.js';
import { storeContract } from '../test-support/store-contract.js';
import { openPostgresStore } from './store.js';

storeContract('postgres', async (t) => {
  const server = await serverUrl(t, 'postgres');
  if (!server) return null;
  const schema = await createPgSchema(server);
  const store = openPostgresStore(schema.url);
  await store.migrate();
  return {
    store,
    async another() {
      return openPostgresStore(schema.url);
    },
    async dispose() {
      await store.close();
      await schema.drop();
    },
  };
});
