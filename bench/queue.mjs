// Job throughput and worker memory: crew's store (SQLite and PostgreSQL) beside BullMQ on the
// local Redis and pg-boss on the local PostgreSQL, same run, no-op jobs.
//
// Enqueue: N adds one at a time (concurrency 1) and with 50 in flight (concurrency 50).
// Processing: N jobs waiting, then one worker process with concurrency 1 or 50 (crew's worker
// host, BullMQ's Worker, pg-boss's work() with batchSize); the rate runs from the first job's
// start to the moment the bench sees the queue empty (polled every 5 ms), so startup is out.
// Memory: 17 jobs held at once by one crew worker with 17 slots, and by 17 crew workers with
// one slot each; PSS of all of them, measured while they hold the jobs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue as BullQueue } from 'bullmq';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { readMemoryBytes } from './lib/proc.mjs';
import { describeMachine, writeResult } from './lib/report.mjs';
import { sleep, waitFor } from './lib/run.mjs';

const root = new URL('..', import.meta.url).pathname;
const { createQueue } = await import(join(root, 'dist/index.js'));
const { openStore } = await import(join(root, 'dist/queue/open-store.js'));
const PG = process.env.CREW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.CREW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENQUEUE_N = Number(process.env.CREW_BENCH_ENQUEUE ?? 3000);
const PROCESS_N = {
  1: Number(process.env.CREW_BENCH_PROCESS_1 ?? 2000),
  50: Number(process.env.CREW_BENCH_PROCESS_50 ?? 10000),
};
const dir = mkdtempSync(join(tmpdir(), 'crew-bench-queue-'));
const children = new Set();
const mib = (b) => b / 1024 ** 2;

function spawnChild(argv, env) {
  const child = spawn(argv[0], argv.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  child.stderrText = () => stderr;
  children.add(child);
  return child;
}
async function stopChild(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await child.exited;
  children.delete(child);
}

// Adds n jobs with `inFlight` adds pending at a time; returns jobs per second.
async function enqueueRate(add, n, inFlight) {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      next += 1;
      await add(next);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return n / ((performance.now() - started) / 1000);
}

// A no-op handler that writes the time of its first call to $BENCH_FIRST.
const FIRST_MARK = `import { writeFileSync } from 'node:fs';
let marked = false;
export const mark = () => { if (!marked) { marked = true; writeFileSync(process.env.BENCH_FIRST, String(Date.now())); } };`;
writeFileSync(join(dir, 'mark.mjs'), FIRST_MARK);
writeFileSync(
  join(dir, 'crew-jobs.mjs'),
  `import { mark } from './mark.mjs';
export const noop = async () => { mark(); };
export const hold = (data, ctx) => new Promise((resolve) => { const t = setTimeout(resolve, 120000); ctx.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }); });`,
);
writeFileSync(
  join(dir, 'bull-worker.mjs'),
  `import { Worker } from ${JSON.stringify(import.meta.resolve('bullmq'))};
import { mark } from './mark.mjs';
const url = new URL(process.env.BENCH_REDIS);
new Worker(process.env.BENCH_QUEUE, async () => { mark(); }, { connection: { host: url.hostname, port: Number(url.port || 6379) }, concurrency: Number(process.env.BENCH_CONCURRENCY) });`,
);
writeFileSync(
  join(dir, 'boss-worker.mjs'),
  `import PgBoss from ${JSON.stringify(import.meta.resolve('pg-boss'))};
import { mark } from './mark.mjs';
const boss = new PgBoss({ connectionString: process.env.BENCH_PG, schema: process.env.BENCH_SCHEMA });
boss.on('error', () => {});
await boss.start();
await boss.work(process.env.BENCH_QUEUE, { batchSize: Number(process.env.BENCH_CONCURRENCY), pollingIntervalSeconds: 0.5 }, async (jobs) => { mark(); await Promise.all(jobs.map(async () => {})); });`,
);

// Runs N waiting jobs through a worker started by `start`; `remaining` counts what is left.
async function processRate(n, start, remaining) {
  const first = join(dir, `first-${Math.random().toString(36).slice(2)}`);
  const child = start(first);
  try {
    // Until the queue is empty, or for at most 20 s after the first job (a slow peer is then
    // measured on what it finished).
    let left = n;
    await waitFor(
      'the queue to drain',
      async () => {
        left = await remaining();
        return (
          left === 0 ||
          (existsSync(first) && Date.now() - Number(readFileSync(first, 'utf8')) > 20_000)
        );
      },
      { timeoutMs: 300_000, intervalMs: 5 },
    );
    const ended = Date.now();
    if (!existsSync(first)) throw new Error(`no job ran; worker said:\n${child.stderrText()}`);
    return (n - left) / ((ended - Number(readFileSync(first, 'utf8'))) / 1000);
  } finally {
    await stopChild(child);
  }
}

function crewSpec(store, concurrency, queue = 'bench') {
  return JSON.stringify({
    pool: 'bench',
    store,
    handlers: join(dir, 'crew-jobs.mjs'),
    queues: [queue],
    concurrency,
    perQueue: null,
    tries: 1,
    backoffSec: [0],
    timeoutMs: 600_000,
    timeoutGraceMs: 5000,
    leaseMs: 60_000,
    pollMs: 10,
    maxJobs: null,
    stopTimeoutMs: 10_000,
  });
}
const crewWorker = (store, concurrency, first, queue) =>
  spawnChild([process.execPath, join(root, 'dist/worker/main.js')], {
    CREW_WORKER_SPEC: crewSpec(store, concurrency, queue),
    BENCH_FIRST: first ?? '/dev/null',
  });

async function pgSchema(name) {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await client.query(`CREATE SCHEMA ${name}`);
  await client.end();
  const url = new URL(PG);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}
async function dropSchema(name) {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await client.end();
}

async function benchCrew(label, storeUrl) {
  const result = {};
  const producer = createQueue({ store: storeUrl });
  const store = await openStore(storeUrl);
  await store.migrate();
  const left = async () => {
    const snap = await store.snapshot(['bench'], Date.now(), null);
    return snap.queues[0].ready + snap.queues[0].reserved + snap.queues[0].delayed;
  };
  for (const c of [1, 50]) {
    result[`enqueue_c${c}`] = await enqueueRate(
      (i) => producer.add('bench-enqueue', 'noop', { i }),
      ENQUEUE_N,
      c,
    );
  }
  for (const c of [1, 50]) {
    const n = PROCESS_N[c];
    for (let i = 0; i < n; i += 1000)
      await producer.addBulk(
        Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
          queue: 'bench',
          name: 'noop',
          data: { i: i + j },
        })),
      );
    result[`process_c${c}`] = await processRate(n, (first) => crewWorker(storeUrl, c, first), left);
  }
  await producer.close();
  await store.close();
  console.log(`${label}: ${JSON.stringify(result)}`);
  return result;
}

async function benchBull() {
  const url = new URL(REDIS);
  const connection = { host: url.hostname, port: Number(url.port || 6379) };
  const result = {};
  const name = `crew-bench-${process.pid}`;
  const queue = new BullQueue(name, { connection });
  await queue.obliterate({ force: true }).catch(() => {});
  for (const c of [1, 50])
    result[`enqueue_c${c}`] = await enqueueRate(
      (i) => queue.add('noop', { i }, { removeOnComplete: true, removeOnFail: true }),
      ENQUEUE_N,
      c,
    );
  await queue.obliterate({ force: true });
  const left = async () => {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'paused',
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  for (const c of [1, 50]) {
    const n = PROCESS_N[c];
    for (let i = 0; i < n; i += 1000)
      await queue.addBulk(
        Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
          name: 'noop',
          data: { i: i + j },
          opts: { removeOnComplete: true, removeOnFail: true },
        })),
      );
    result[`process_c${c}`] = await processRate(
      n,
      (first) =>
        spawnChild([process.execPath, join(dir, 'bull-worker.mjs')], {
          BENCH_FIRST: first,
          BENCH_REDIS: REDIS,
          BENCH_QUEUE: name,
          BENCH_CONCURRENCY: String(c),
        }),
      left,
    );
  }
  await queue.obliterate({ force: true });
  await queue.close();
  console.log(`bullmq: ${JSON.stringify(result)}`);
  return result;
}

async function benchBoss() {
  const schema = 'crew_bench_pgboss';
  await dropSchema(schema);
  const boss = new PgBoss({ connectionString: PG, schema });
  boss.on('error', () => {});
  await boss.start();
  const result = {};
  await boss.createQueue('enqueue');
  await boss.createQueue('bench');
  for (const c of [1, 50])
    result[`enqueue_c${c}`] = await enqueueRate((i) => boss.send('enqueue', { i }), ENQUEUE_N, c);
  const left = () => boss.getQueueSize('bench', { before: 'completed' });
  for (const c of [1, 50]) {
    const n = PROCESS_N[c];
    await boss.deleteQueue('bench').catch(() => {});
    await boss.createQueue('bench');
    for (let i = 0; i < n; i += 1000)
      await boss.insert(
        Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
          name: 'bench',
          data: { i: i + j },
        })),
      );
    result[`process_c${c}`] = await processRate(
      n,
      (first) =>
        spawnChild([process.execPath, join(dir, 'boss-worker.mjs')], {
          BENCH_FIRST: first,
          BENCH_PG: PG,
          BENCH_SCHEMA: schema,
          BENCH_QUEUE: 'bench',
          BENCH_CONCURRENCY: String(c),
        }),
      left,
    );
  }
  await boss.stop({ graceful: false, wait: true });
  await dropSchema(schema);
  console.log(`pg-boss: ${JSON.stringify(result)}`);
  return result;
}

// PSS of one worker with 17 slots holding 17 jobs vs 17 one-slot workers holding one each.
async function benchMemory() {
  const storeUrl = `sqlite:${join(dir, 'memory.db')}`;
  const producer = createQueue({ store: storeUrl });
  const store = await openStore(storeUrl);
  await store.migrate();
  const reserved = async (queue) =>
    (await store.snapshot([queue], Date.now(), null)).queues[0].reserved;
  const hold = (queue) =>
    producer.addBulk(Array.from({ length: 17 }, () => ({ queue, name: 'hold', data: null })));
  const pss = (workers) => workers.reduce((sum, w) => sum + readMemoryBytes(w.pid).pssBytes, 0);
  await hold('one');
  const one = crewWorker(storeUrl, 17, null, 'one');
  await waitFor('17 jobs held by one worker', async () => (await reserved('one')) === 17, {
    timeoutMs: 30_000,
    intervalMs: 20,
  });
  await sleep(2000);
  const oneProcess = pss([one]);
  await hold('many');
  const many = Array.from({ length: 17 }, () => crewWorker(storeUrl, 1, null, 'many'));
  await waitFor('17 jobs held by 17 workers', async () => (await reserved('many')) === 17, {
    timeoutMs: 60_000,
    intervalMs: 20,
  });
  await sleep(2000);
  // Both sets are alive: shared pages are split among all 18 processes in both figures.
  const manyProcesses = pss(many);
  const oneAgain = pss([one]);
  for (const w of [one, ...many]) await stopChild(w);
  await producer.close();
  await store.close();
  return {
    one_process_17_slots_pss: (oneProcess + oneAgain) / 2,
    seventeen_processes_pss: manyProcesses,
  };
}

function row(metric, a, b, nameB) {
  return `| ${metric} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(a / b).toFixed(2)}× ${nameB} |`;
}

try {
  const sqliteUrl = `sqlite:${join(dir, 'crew.db')}`;
  const crewSqlite = await benchCrew('crew (SQLite)', sqliteUrl);
  const bull = await benchBull();
  const pgUrl = await pgSchema('crew_bench_store');
  const crewPg = await benchCrew('crew (PostgreSQL)', pgUrl);
  await dropSchema('crew_bench_store');
  const boss = await benchBoss();
  const memory = await benchMemory();
  console.log('\n| jobs per second | crew | peer | ratio |');
  console.log('|:--|--:|--:|--:|');
  for (const key of ['enqueue_c1', 'enqueue_c50', 'process_c1', 'process_c50']) {
    console.log(
      row(
        `${key.replace('_c', ', concurrency ')} — SQLite vs BullMQ`,
        crewSqlite[key],
        bull[key],
        'BullMQ',
      ),
    );
  }
  for (const key of ['enqueue_c1', 'enqueue_c50', 'process_c1', 'process_c50']) {
    console.log(
      row(
        `${key.replace('_c', ', concurrency ')} — PostgreSQL vs pg-boss`,
        crewPg[key],
        boss[key],
        'pg-boss',
      ),
    );
  }
  console.log(`\n| memory | PSS |\n|:--|--:|`);
  console.log(
    `| one crew worker, 17 slots, 17 jobs running | ${mib(memory.one_process_17_slots_pss).toFixed(1)} MiB |`,
  );
  console.log(
    `| 17 crew workers, 1 slot each, 17 jobs running | ${mib(memory.seventeen_processes_pss).toFixed(1)} MiB |`,
  );
  console.log(
    `| ratio | ${(memory.one_process_17_slots_pss / memory.seventeen_processes_pss).toFixed(3)}× |`,
  );
  const bullVersion = JSON.parse(
    readFileSync(join(root, 'node_modules/bullmq/package.json'), 'utf8'),
  ).version;
  const bossVersion = JSON.parse(
    readFileSync(join(root, 'node_modules/pg-boss/package.json'), 'utf8'),
  ).version;
  writeResult('queue', {
    machine: describeMachine({ bullmq: bullVersion, 'pg-boss': bossVersion }),
    enqueue_n: ENQUEUE_N,
    process_n: PROCESS_N,
    crew_sqlite: crewSqlite,
    crew_postgres: crewPg,
    bullmq: bull,
    pg_boss: boss,
    memory,
    at: new Date().toISOString(),
  });
} finally {
  for (const child of children) child.kill('SIGKILL');
  if (!process.env.CREW_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
