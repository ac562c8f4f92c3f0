import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { type ServerKind, serverUrl, uniqueName } from './servers.js';

const envOf: Record<ServerKind, string> = {
  postgres: 'CREW_TEST_POSTGRES_URL',
  mysql: 'CREW_TEST_MYSQL_URL',
  redis: 'CREW_TEST_REDIS_URL',
};
// Port 1 on the loopback refuses at once.
const deadUrls: Record<ServerKind, string> = {
  postgres: 'postgres://postgres@127.0.0.1:1/test',
  mysql: 'mysql://root@127.0.0.1:1/test',
  redis: 'redis://127.0.0.1:1',
};

// Runs `body` with env variables set, then puts them back.
async function withEnv(vars: Record<string, string | undefined>, body: () => Promise<void>) {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const assign = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  assign(vars);
  try {
    await body();
  } finally {
    assign(saved);
  }
}

// A context that records skip() instead of skipping the calling test.
function recordingContext(): { t: TestContext; skipped: string[] } {
  const skipped: string[] = [];
  const t = { skip: (message?: string) => skipped.push(message ?? '') } as unknown as TestContext;
  return { t, skipped };
}

for (const kind of ['postgres', 'mysql', 'redis'] as const) {
  test(`an unreachable ${kind} skips the test with the reason, or fails it under CI`, async () => {
    await withEnv({ [envOf[kind]]: deadUrls[kind], CI: undefined }, async () => {
      const { t, skipped } = recordingContext();
      assert.equal(await serverUrl(t, kind), null);
      assert.equal(skipped.length, 1);
      assert.match(skipped[0]!, new RegExp(`^${kind} not reachable at .*:1\\b.*: .*ECONNREFUSED`));
    });
    await withEnv({ [envOf[kind]]: deadUrls[kind], CI: 'true' }, async () => {
      const { t, skipped } = recordingContext();
      await assert.rejects(serverUrl(t, kind), new RegExp(`^Error: ${kind} not reachable`));
      assert.deepEqual(skipped, []);
    });
  });
}

test('unique names are SQL identifiers and differ each time', () => {
  const names = new Set(Array.from({ length: 100 }, () => uniqueName()));
  assert.equal(names.size, 100);
  for (const name of names) assert.match(name, /^crew_t_[0-9a-f]{8}$/);
  assert.match(uniqueName('job'), /^job_[0-9a-f]{8}$/);
});
