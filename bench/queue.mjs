// crew's job queue beside the best peers at their best documented settings, in one run on this
// machine, no-op jobs (bench/README.md, queue, says what each row measures and why each peer's
// settings are its best):
//   crew on SQLite and on PostgreSQL (its worker host with crew's defaults),
//   BullMQ on the local Redis, pg-boss and graphile-worker on the local PostgreSQL.
// Each repetition runs every peer in turn (crew SQLite, crew PostgreSQL, BullMQ, pg-boss,
// graphile-worker, then again), so drift on the machine spreads over all of them; the tables show
// the median over repetitions and its spread (min–max).
//   latency     enqueue → handler start, p50/p95/p99, at a steady 20 and 200 jobs/s, and from a
//               worker idle for a few seconds to the start of one job;
//   throughput  a waiting backlog of 10,000 jobs, at concurrency 1 and at 50 (and 50,000 at 50),
//               through one worker process: jobs/s from the first start until the queue is
//               empty, and the worker's peak PSS meanwhile;
//   enqueue     adds one at a time and 50 in flight;
//   memory      17 jobs held by one crew worker with 17 slots vs by 17 one-slot workers.
// Then the goals as ratios of the same run, met or missed.
//
// Knobs: CREW_BENCH_REPS (3), CREW_BENCH_PEERS (ids, comma-separated: crew_sqlite,
// crew_postgres, bullmq, pg_boss, graphile_worker), CREW_BENCH_PROFILE=1 (afterwards one c50 run
// per crew store under --cpu-prof: top self time, profiles kept in bench/results/; =c1 profiles
// the c1 run instead, with 10,000 jobs),
// CREW_BENCH_QUICK=1 (short phases, small backlogs: to check the harness, not to quote),
// CREW_BENCH_KEEP=1 (keep the temp dir).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChildren } from './lib/children.mjs';
import { describeCommit } from './lib/commit.mjs';
import { topSelfTime } from './lib/cpu-profile.mjs';
import { dropSchema, freshSchema } from './lib/pg-schema.mjs';
import { measureEnqueue, measureLatency, measureThroughput } from './lib/queue-measure.mjs';
import { measureCrewMemory } from './lib/queue-memory.mjs';
import { createBullPeer } from './lib/queue-peer-bullmq.mjs';
import { createCrewPeer } from './lib/queue-peer-crew.mjs';
import { createGraphilePeer } from './lib/queue-peer-graphile.mjs';
import { createBossPeer } from './lib/queue-peer-pgboss.mjs';
import { printQueueReport } from './lib/queue-report.mjs';
import { describeMachine, writeResult } from './lib/report.mjs';

const root = new URL('..', import.meta.url).pathname;
const PG = process.env.CREW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.CREW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REPS = Number(process.env.CREW_BENCH_REPS ?? 3);
const QUICK = Boolean(process.env.CREW_BENCH_QUICK);
const PEERS = process.env.CREW_BENCH_PEERS?.split(',') ?? null;
const PROFILE = Boolean(process.env.CREW_BENCH_PROFILE);
const PROFILE_C = process.env.CREW_BENCH_PROFILE === 'c1' ? 1 : 50;
const PLAN = {
  latency: {
    concurrency: 10,
    idleMs: 3000,
    idleSamples: 1,
    rates: [
      { name: '20/s', perSecond: 20, seconds: QUICK ? 2 : 10 },
      { name: '200/s', perSecond: 200, seconds: QUICK ? 1 : 5 },
    ],
  },
  // 10,000 at c1 too: 2,000 lasted 0.1 s for the fastest peer (four fetches of 500), a run that
  // measured how fast a cold process starts more than how fast it works.
  throughput: QUICK ? { 1: 300, 50: 1000 } : { 1: 10_000, 50: 10_000 },
  // A backlog five times as large at c50, after an outage say: reported beside the 10,000 (the
  // issue's goals are judged on those), since the systems do not scale alike with the backlog.
  bigBacklog: { concurrency: 50, n: QUICK ? 3000 : 50_000 },
  enqueue: QUICK ? 300 : 3000,
};
const CREW_PG_SCHEMA = 'crew_bench_store';
const log = (line) => console.error(`bench | ${line}`);
const version = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const dir = mkdtempSync(join(tmpdir(), 'crew-bench-queue-'));
// Other work on the machine moves every figure: the load average is kept with them.
const loadAtStart = loadavg();
const children = createChildren();
const peers = [];

try {
  const pgCrew = await freshSchema(PG, CREW_PG_SCHEMA);
  const all = [
    createCrewPeer({
      id: 'crew_sqlite',
      label: 'crew, SQLite',
      storeUrl: `sqlite:${join(dir, 'crew.db')}`,
      dir,
      children,
    }),
    createCrewPeer({
      id: 'crew_postgres',
      label: 'crew, PostgreSQL',
      storeUrl: pgCrew,
      dir,
      children,
    }),
    createBullPeer({ redisUrl: REDIS, children, prefix: `crew-bench-${process.pid}` }),
    createBossPeer({ pgUrl: PG, schema: 'crew_bench_pgboss', children }),
    createGraphilePeer({ pgUrl: PG, schema: 'crew_bench_graphile', children }),
  ];
  for (const peer of all.filter((p) => !PEERS || PEERS.includes(p.id))) {
    await peer.open();
    peers.push(peer);
  }

  const runs = Object.fromEntries(
    peers.map((p) => [
      p.id,
      { latency: [], throughput: { 1: [], 50: [], big: [] }, enqueue: { 1: [], 50: [] } },
    ]),
  );
  for (let rep = 1; rep <= REPS; rep++) {
    for (const peer of peers) {
      log(`rep ${rep}/${REPS}: latency, ${peer.label}`);
      runs[peer.id].latency.push(
        await measureLatency(peer, children, { dir, queue: `lat${rep}`, ...PLAN.latency }),
      );
    }
    for (const c of [1, 50]) {
      for (const peer of peers) {
        log(`rep ${rep}/${REPS}: throughput c${c}, ${peer.label}`);
        const n = PLAN.throughput[c];
        runs[peer.id].throughput[c].push(
          await measureThroughput(peer, children, {
            dir,
            queue: `c${c}r${rep}`,
            n,
            concurrency: c,
          }),
        );
      }
    }
    for (const peer of peers) {
      const { concurrency, n } = PLAN.bigBacklog;
      log(`rep ${rep}/${REPS}: throughput c${concurrency}, ${n} waiting, ${peer.label}`);
      runs[peer.id].throughput.big.push(
        await measureThroughput(peer, children, { dir, queue: `big${rep}`, n, concurrency }),
      );
    }
    for (const c of [1, 50]) {
      for (const peer of peers) {
        runs[peer.id].enqueue[c].push(await measureEnqueue(peer, `enq${rep}`, PLAN.enqueue, c));
        await peer.clear?.();
      }
    }
  }

  const crewSqlite = peers.find((p) => p.id === 'crew_sqlite');
  let memory = null;
  if (crewSqlite) {
    log('memory: 17 jobs held by one worker, then by 17');
    memory = await measureCrewMemory(crewSqlite, children);
  }

  const profiles = {};
  if (PROFILE) {
    for (const peer of peers.filter((p) => p.id.startsWith('crew_'))) {
      log(`profile: throughput c${PROFILE_C}, ${peer.label}, worker under --cpu-prof`);
      const profileDir = join(dir, `profile-${peer.id}`);
      mkdirSync(profileDir);
      const run = await measureThroughput(peer, children, {
        dir,
        queue: 'profile',
        n: PLAN.throughput[50],
        concurrency: PROFILE_C,
        cpuProfileDir: profileDir,
      });
      const [file] = readdirSync(profileDir);
      const kept = join(root, 'bench/results', `queue-${peer.id}-c${PROFILE_C}.cpuprofile`);
      mkdirSync(join(root, 'bench/results'), { recursive: true });
      copyFileSync(join(profileDir, file), kept);
      profiles[peer.id] = {
        perSecond: run.perSecond,
        file: kept,
        top: topSelfTime(kept, { fromNs: run.firstHrNs, toNs: run.lastHrNs, top: 15 }),
      };
    }
  }

  const settings = Object.fromEntries(
    peers.map((p) => [
      p.id,
      { latency: p.settings(PLAN.latency.concurrency), c1: p.settings(1), c50: p.settings(50) },
    ]),
  );
  const versions = {
    bullmq: version('bullmq'),
    'pg-boss': version('pg-boss'),
    'graphile-worker': version('graphile-worker'),
  };
  const load = { start: loadAtStart, end: loadavg() };
  printQueueReport({ peers, runs, memory, profiles, settings, versions, plan: PLAN, reps: REPS });
  console.log(
    `\nLoad average (1, 5, 15 min) at start ${load.start.map((v) => v.toFixed(2)).join(' ')}, at end ${load.end.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const path = writeResult(QUICK ? 'queue-quick' : 'queue', {
    machine: describeMachine(versions),
    commit: describeCommit(root),
    load,
    plan: PLAN,
    reps: REPS,
    settings,
    runs,
    memory,
    profiles,
    at: new Date().toISOString(),
  });
  log(`raw samples: ${path}`);
} finally {
  children.killAll();
  for (const peer of peers) await peer.close().catch((error) => log(`close ${peer.id}: ${error}`));
  await dropSchema(PG, CREW_PG_SCHEMA).catch(() => {});
  if (!process.env.CREW_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
