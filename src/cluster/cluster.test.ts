// Several `crew up` on one PostgreSQL store, end to end: both hosts listed by `status --cluster`,
// a job added through one host started by the other's worker by a wake-up (its poll is a minute),
// jobs split across the hosts, and when one host vanishes (daemon and workers SIGKILLed, as a
// container dies) the survivor marks it gone within its timeout and puts its claims back at once
// (their lease is ten minutes), without spending a try; then `/scale` and `crew_desired_hosts`
// rising with a burst and falling after it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { type Daemon, httpUrlOf, runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness, statusJson } from '../cli/test-support/up-harness.js';
import type { ClusterJson } from '../control/wire/cluster.js';
import { createPgSchema } from '../queue/test-support/pg-schema.js';
import { serverUrl } from '../queue/test-support/servers.js';
import { handlersPath } from '../worker/test-support/workers.js';

const { daemons, workspace } = createUpHarness();

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : [];

async function sharedStore(t: TestContext): Promise<string | null> {
  const server = await serverUrl(t, 'postgres');
  if (!server) return null;
  const schema = await createPgSchema(server);
  t.after(() => schema.drop());
  return schema.url;
}

const hostConfig = (store: string, name: string, pool: string) => `store: ${JSON.stringify(store)}
http: false
cluster:
  heartbeat: 300ms
  timeout: 2s
  name: ${name}
pools:
${pool}`;

// Long poll and lease: only a wake-up starts a job soon, only the survivor puts one back soon.
const gatePool = `  w:
    handlers: ${handlersPath}
    concurrency: 4
    startsecs: 0
    poll: 60s
    lease: 10m
`;

async function cluster(file: string, dir: string): Promise<ClusterJson> {
  const run = await runCrew(['-c', file, 'status', '--cluster', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ClusterJson;
}

// Asks until `ok` holds (each answer is a new reading of the cluster), or fails with the last.
async function until(
  read: () => Promise<ClusterJson>,
  ok: (c: ClusterJson) => boolean,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterJson | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
  }
  assert.fail(`${what} never happened; last reading:\n${JSON.stringify(last, null, 2)}`);
}

async function enqueue(file: string, dir: string, name: string, data: object, count = 1) {
  const run = await runCrew(
    ['-c', file, 'enqueue', 'default', name, JSON.stringify(data), '--count', String(count)],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
}

function watchLines(path: string) {
  return async (n: number, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (lines(path).length < n) {
      if (Date.now() > deadline) assert.fail(`${path}: ${lines(path).length} of ${n} lines`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
}

test('three hosts on one store: listed, woken across hosts, and a vanished host’s jobs run on the others', async (t) => {
  const store = await sharedStore(t);
  if (!store) return;
  const spaces = ['host-a', 'host-b', 'host-c'].map((name) =>
    workspace(hostConfig(store, name, gatePool)),
  );
  const a = spaces[0]!;
  const hosts = [];
  for (const space of spaces) {
    const host = startCrew(space.file, space.dir);
    daemons.push(host);
    await host.waitForLog('worker w:');
    hosts.push(host);
  }
  const [hostA, hostB, hostC] = hosts as [Daemon, Daemon, Daemon];
  const all = await until(
    () => cluster(a.file, a.dir),
    (c) => c.hosts.filter((h) => h.state === 'live').length === 3,
    'the three hosts listed',
  );
  assert.deepEqual(
    all.hosts.map((h) => [h.hostname, h.me]),
    [
      ['host-a', true],
      ['host-b', false],
      ['host-c', false],
    ],
  );
  assert.equal(all.shared_store, true);
  const idB = all.hosts[1]!.id;
  const queues = await runCrew(['-c', a.file, 'queues'], a.dir);
  assert.match(queues.stdout, /^default: 3 hosts \(host-a\* 1, host-b 1, host-c 1\)$/m);

  // Twelve jobs through host A's CLI, four slots a host: the three hosts' workers start them at
  // once, woken by the store (a poll would take a minute).
  const started = join(a.dir, 'started.log');
  const gate = join(a.dir, 'gate');
  const done = join(a.dir, 'done.log');
  const waitStarted = watchLines(started);
  await enqueue(a.file, a.dir, 'gate', { started, gate, file: done }, 12);
  await waitStarted(12);
  const workers = await Promise.all(
    spaces.map(async (s) => (await statusJson(s.file, s.dir)).processes[0]!.pid),
  );
  const [workerA, workerB, workerC] = workers as [number, number, number];
  const pidsOf = (rows: string[]) => rows.map((line) => Number(line.split(' ')[2]));
  assert.deepEqual(
    [...new Set(pidsOf(lines(started)))].sort(),
    [...workers].sort(),
    'the jobs split across the hosts',
  );
  const heldByB = lines(started).filter((line) => Number(line.split(' ')[2]) === workerB);
  assert.equal(heldByB.length, 4);

  // Host B vanishes as a container does: its daemon and its worker at once. The first survivor
  // to see it silent puts its claims back and says so.
  process.kill(workerB, 'SIGKILL');
  hostB.child.kill('SIGKILL');
  await hostB.exited;
  const gone =
    /cluster: host host-b \(\S+\) went silent for [\d.]+ s: 4 job\(s\) put back without spending a try/;
  await Promise.any([hostA.waitForLog(gone), hostC.waitForLog(gone)]);
  const after = await cluster(a.file, a.dir);
  const goneB = after.hosts.find((h) => h.id === idB)!;
  assert.equal(goneB.state, 'gone');
  assert.ok(
    [all.hosts[0]!.id, all.hosts[2]!.id].includes(goneB.gone_by!),
    `declared gone by a survivor, not ${goneB.gone_by}`,
  );
  assert.equal(after.live_hosts, 2);

  // The survivors run B's four once their own finish; none spent a try (attempts 1 throughout).
  writeFileSync(gate, '');
  await watchLines(done)(12);
  await waitStarted(16);
  const reruns = lines(started).slice(12);
  assert.ok(
    pidsOf(reruns).every((pid) => pid === workerA || pid === workerC),
    reruns.join('; '),
  );
  assert.deepEqual(
    reruns.map((line) => line.split(' ')[0]).sort(),
    heldByB.map((line) => line.split(' ')[0]).sort(),
    'the jobs B held are the ones run again',
  );
  assert.ok(
    lines(started).every((line) => line.split(' ')[1] === '1'),
    lines(started).join('; '),
  );
  assert.equal(new Set(lines(done).map((line) => line.split(' ')[0])).size, 12);
});

test('/scale and crew_desired_hosts rise with a burst and fall after it', async (t) => {
  const store = await sharedStore(t);
  if (!store) return;
  const pool = `  w:
    handlers: ${handlersPath}
    processes: 1..2
    target_wait: 1s
    concurrency: 1
    startsecs: 0
    poll: 50ms
`;
  const { dir, file } = workspace(
    hostConfig(store, 'host-a', pool).replace('http: false', 'http: { listen: 127.0.0.1:0 }'),
  );
  const host = startCrew(file, dir);
  daemons.push(host);
  const url = await httpUrlOf(host);
  await host.waitForLog('worker w:');
  const scale = async () =>
    (await (await fetch(`${url}/scale`)).json()) as Omit<ClusterJson, 'me' | 'hosts'>;
  const quiet = await scale();
  assert.equal(quiet.desired_hosts, 1);
  assert.equal(quiet.live_hosts, 1);

  // 40 jobs of 300 ms for one-slot processes, two at most a host, each to start within 1 s.
  const records = join(dir, 'done.log');
  await enqueue(file, dir, 'slow', { ms: 300, file: records }, 40);
  const burst = await until(
    scale as () => Promise<ClusterJson>,
    (s) => s.desired_hosts >= 2,
    'desired hosts rising',
  );
  assert.match(burst.why, /^w wants \d+ processes in all, at most 2 a host: \d+ hosts$/);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  assert.match(metrics, /^crew_desired_hosts [2-9]\d*$/m);
  assert.match(metrics, /^crew_cluster_hosts 1$/m);

  await watchLines(records)(40, 60_000);
  const after = await until(
    scale as () => Promise<ClusterJson>,
    (s) => s.desired_hosts === 1,
    'desired hosts falling',
  );
  assert.equal(after.why, 'the pools fit one host');
});
