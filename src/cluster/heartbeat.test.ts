// The heartbeat against a real PostgreSQL: a host silent past its timeout is marked gone by a
// survivor, which puts back exactly the claims of that host's workers (not another host's, not a
// worker's without a holder) without spending a try; the silent host, beating again, learns it
// and rejoins; a host that stops leaves the table.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import pg from 'pg';
import { createEmitter } from '../events/typed-emitter.js';
import { openPostgresStore } from '../queue/postgres/store.js';
import { createPgSchema } from '../queue/test-support/pg-schema.js';
import { serverUrl } from '../queue/test-support/servers.js';
import type { ClusterEvents } from './events.js';
import { startCluster } from './heartbeat.js';
import { newHostId } from './host-id.js';
import type { HostReport } from './report.js';

const report = (hostname: string): HostReport => ({
  hostname,
  version: '0.1.0',
  pid: process.pid,
  startedAt: Date.now(),
  budgetBytes: null,
  poolBudgetBytes: null,
  usedBytes: null,
  maxStalls: 3,
  pools: [
    {
      name: 'w',
      queues: ['default'],
      processes: 1,
      min: 1,
      max: 1,
      needed: null,
      wanted: null,
      costBytes: null,
    },
  ],
});

async function schema(t: TestContext) {
  const server = await serverUrl(t, 'postgres');
  if (!server) return null;
  const s = await createPgSchema(server);
  t.after(() => s.drop());
  return s.url;
}

test('a silent host is marked gone by a survivor, its claims put back; it rejoins when it beats', async (t) => {
  const url = await schema(t);
  if (!url) return;
  const config = { heartbeatMs: 60_000, timeoutMs: 5_000, name: null };
  const events = createEmitter<ClusterEvents>();
  const seen: string[] = [];
  events.onAny((name, payload) => seen.push(`${name} ${JSON.stringify(payload)}`));
  const idA = newHostId();
  const idB = newHostId();
  const ofHostA = report('a');
  const ofHostB = { ...report('b'), startedAt: ofHostA.startedAt + 1 };
  const a = startCluster({
    url,
    id: idA,
    config,
    report: () => ofHostA,
    events,
    log: () => {},
  });
  const b = startCluster({
    url,
    id: idB,
    config,
    report: () => ofHostB,
    events,
    log: () => {},
  });
  t.after(async () => {
    await a.stop();
    await b.stop();
  });
  await a.beat();
  await b.beat();
  await a.beat();
  assert.deepEqual(
    a.hosts().map((h) => h.report.hostname),
    ['a', 'b'],
  );
  assert.deepEqual([...a.peers()], [['default', 1]]);

  // Jobs claimed by a worker of B, a worker of A, and a worker without a holder.
  const store = openPostgresStore(url);
  t.after(() => store.close());
  await store.migrate();
  await store.add(
    [1, 2, 3].map(() => ({ queue: 'default', payload: '{"job":"x"}', availableAtSec: 0 })),
    Date.now(),
  );
  const claimOne = async (holder?: string) => {
    const worker = openPostgresStore(url, holder ? { holder } : {});
    try {
      const [job] = await worker.claim([{ queue: 'default', limit: 1 }], 1, 600_000, Date.now());
      return job!;
    } finally {
      await worker.close();
    }
  };
  const ofB = await claimOne(`${idB}AAAAAAAA`);
  const ofA = await claimOne(`${idA}BBBBBBBB`);
  const loose = await claimOne();

  // B falls silent (its last heartbeat long ago, as the database's clock sees it).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.after(() => client.end());
  await client.query('UPDATE crew_hosts SET heartbeat_ms = heartbeat_ms - 6000 WHERE id = $1', [
    idB,
  ]);
  await a.beat();
  const gone = a.hosts().find((h) => h.id === idB)!;
  assert.equal(gone.goneBy, idA);
  assert.deepEqual([...a.peers()], []);
  const rows = await client.query(
    'SELECT id, claim_token IS NULL AS free, attempts FROM jobs ORDER BY id',
  );
  assert.deepEqual(
    rows.rows.map((r: { id: string; free: boolean; attempts: number }) => [
      Number(r.id),
      r.free,
      r.attempts,
    ]),
    [
      [ofB.id, true, 0],
      [ofA.id, false, 1],
      [loose.id, false, 1],
    ],
    "only B's claim went back, its try given back",
  );
  assert.match(seen[0]!, /^cluster:host-gone \{"host":"[^"]+","hostname":"b","silentMs":\d+/);
  assert.match(seen[0]!, /"released":\[\{"id":\d+,"queue":"default","stalls":1\}\],"failed":\[\]/);

  // B beats again: told it had been declared gone, it rejoins.
  await b.beat();
  assert.equal(seen[1], `cluster:rejoined {"by":"${idA}"}`);
  await a.beat();
  assert.equal(a.hosts().find((h) => h.id === idB)!.goneAt, null);

  // A clean stop leaves the table.
  await b.stop();
  await a.beat();
  assert.deepEqual(
    a.hosts().map((h) => h.id),
    [idA],
  );
});
