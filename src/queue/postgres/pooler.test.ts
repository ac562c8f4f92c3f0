// crew's PostgreSQL store behind PgBouncer in transaction mode (pool_mode = transaction), for
// real: jobs are added, claimed and completed through it, and a worker's wake-ups, which need a
// session of their own, notice that LISTEN hears nothing back there and fall back to polling,
// saying so, while a worker pointed at PostgreSQL itself listens. Needs the pgbouncer binary
// (Debian's package; .ci/run installs it): skipped with the reason without it, failed under CI.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { freePort } from '../../test-support/free-port.js';
import { serverUrl, uniqueName } from '../test-support/servers.js';
import { openPostgresStore } from './store.js';

const PGBOUNCER = '/usr/sbin/pgbouncer';

function pgbouncerMissing(): string | null {
  const version = spawnSync(PGBOUNCER, ['--version'], { encoding: 'utf8' });
  if (version.error) return `pgbouncer is not installed (${version.error.message})`;
  return null;
}

const missing = pgbouncerMissing();
if (missing !== null && process.env.CI === 'true')
  throw new Error(`CI must run the PgBouncer test: ${missing}; apt-get install pgbouncer`);
if (missing !== null) console.log(`# skipping the PgBouncer tests: ${missing}`);
const skip = missing ?? false;

let dir = '';
let bouncer: ChildProcess | null = null;
let bouncerExited: Promise<void> = Promise.resolve();
let direct = '';
let pooled = '';
let database = '';
let admin: string | null = null;

before(async (t) => {
  if (skip) return;
  const server = await serverUrl(t as never, 'postgres');
  if (server === null) return;
  admin = server;
  database = uniqueName('crew_pgb');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const target = new URL(server);
  target.pathname = `/${database}`;
  direct = target.toString();

  dir = mkdtempSync(join(tmpdir(), 'crew-pgbouncer-'));
  const port = await freePort();
  // PgBouncer refuses to run as root: as root, it runs as nobody, who must read its files.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'users.txt'), `"${target.username || 'postgres'}" ""\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 50',
      'default_pool_size = 5',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  bouncer = spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let stderr = '';
  bouncer.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const child = bouncer;
  bouncerExited = new Promise((resolve) => child.once('exit', () => resolve()));
  target.port = String(port);
  pooled = target.toString();
  // Ready when a query through it is answered (each attempt fails fast while it starts).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${stderr}`);
    const probe = new pg.Client({ connectionString: pooled, connectionTimeoutMillis: 1000 });
    try {
      await probe.connect();
      await probe.query('SELECT 1');
      await probe.end();
      break;
    } catch {
      await probe.end().catch(() => {});
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
});

after(async () => {
  if (bouncer !== null) {
    bouncer.kill('SIGTERM');
    await bouncerExited;
  }
  if (admin !== null) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('through PgBouncer in transaction mode jobs are added, claimed and completed', {
  skip,
}, async () => {
  if (!pooled) return;
  const store = openPostgresStore(pooled);
  try {
    await store.migrate();
    const [id] = await store.add([{ queue: 'q', payload: '{}', availableAtSec: 0 }], Date.now());
    const [job] = await store.claim([{ queue: 'q', limit: 5 }], 5, 60_000, Date.now());
    assert.equal(job?.id, id);
    // Finished, it is deleted with the next claim's statement.
    assert.deepEqual(
      await store.claim([{ queue: 'q', limit: 5 }], 5, 60_000, Date.now(), [job!]),
      [],
    );
    assert.equal((await store.snapshot(['q'], Date.now(), null)).queues[0]?.reserved, 0);
  } finally {
    await store.close();
  }
});

test('behind PgBouncer wake-ups fall back to polling and say why; on PostgreSQL they listen', {
  skip,
  timeout: 60_000,
}, async () => {
  if (!pooled) return;
  const lines: string[] = [];
  const viaPooler = openPostgresStore(pooled);
  const viaServer = openPostgresStore(direct);
  try {
    await viaPooler.migrate();
    const [behind, straight] = await Promise.all([
      viaPooler.watch(
        () => {},
        (line) => lines.push(line),
      ),
      viaServer.watch(
        () => {},
        (line) => lines.push(`direct: ${line}`),
      ),
    ]);
    assert.equal(behind.how, 'polling');
    assert.match(
      lines.join('\n'),
      /LISTEN on postgres:\/\/postgres@127\.0\.0\.1:\d+\/crew_pgb_\w+ hears nothing back \(a pooler in transaction mode\?\): new jobs are seen by polling/,
    );
    assert.equal(straight.how, 'LISTEN crew_jobs');
    assert.ok(!lines.some((line) => line.startsWith('direct:')), lines.join('\n'));
    await Promise.all([behind.close(), straight.close()]);
  } finally {
    await Promise.all([viaPooler.close(), viaServer.close()]);
  }
});
