// The database servers tests run against, shared by every server test in crew. URLs come from
// CREW_TEST_POSTGRES_URL, CREW_TEST_MYSQL_URL and CREW_TEST_REDIS_URL (defaults: the servers on
// this machine). A server that does not answer skips the test with the reason on stderr, except
// under CI=true, where it fails it: CI must never pass by skipping.

import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';

export type ServerKind = 'postgres' | 'mysql' | 'redis';

const defaults: Readonly<Record<ServerKind, { env: string; url: string }>> = {
  postgres: { env: 'CREW_TEST_POSTGRES_URL', url: 'postgres://postgres@127.0.0.1:5432/test' },
  mysql: { env: 'CREW_TEST_MYSQL_URL', url: 'mysql://root@127.0.0.1:3306/test' },
  redis: { env: 'CREW_TEST_REDIS_URL', url: 'redis://127.0.0.1:6379' },
};

// How long a server gets to answer before the test is skipped.
const PROBE_TIMEOUT_MS = 1_000;

// The server's URL once it answered; null after skipping the test (throws instead under CI).
export async function serverUrl(t: TestContext, kind: ServerKind): Promise<string | null> {
  const url = process.env[defaults[kind].env] || defaults[kind].url;
  try {
    await probe(kind, url);
    return url;
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    const message = `${kind} not reachable at ${url}: ${reason}`;
    if (process.env.CI === 'true') throw new Error(message, { cause: error });
    process.stderr.write(`${message}\n`);
    t.skip(message);
    return null;
  }
}

// The server's URL, or why it cannot be used (outside a test: the chaos scenarios).
export async function reachServer(
  kind: ServerKind,
): Promise<{ url: string; problem: null } | { url: null; problem: string }> {
  const url = process.env[defaults[kind].env] || defaults[kind].url;
  try {
    await probe(kind, url);
    return { url, problem: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return { url: null, problem: `${kind} not reachable at ${url}: ${reason}` };
  }
}

// A name no other test uses, valid as an SQL identifier and in a Redis key: crew_t_3f9a1c2e.
export function uniqueName(label = 'crew_t'): string {
  return `${label}_${randomBytes(4).toString('hex')}`;
}

// Connects, asks one trivial question and disconnects. Drivers load only for the kind probed.
async function probe(kind: ServerKind, url: string): Promise<void> {
  if (kind === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  } else if (kind === 'mysql') {
    const { default: mysql } = await import('mysql2/promise');
    const connection = await mysql.createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS });
    try {
      await connection.query({ sql: 'SELECT 1', timeout: PROBE_TIMEOUT_MS });
    } finally {
      await connection.end().catch(() => {});
    }
  } else {
    const { Redis } = await import('ioredis');
    let lastError: unknown = null;
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: PROBE_TIMEOUT_MS,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      // The default 2 s timer disconnect() arms would keep the test process alive.
      disconnectTimeout: 50,
    });
    redis.on('error', (error: unknown) => {
      lastError = error;
    });
    try {
      await redis.connect().catch((error: unknown) => {
        throw lastError ?? error;
      });
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  }
}
