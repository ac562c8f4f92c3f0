// What crew costs next to supervisord for the reference deployment: seven pools, 17 idle Node
// workers, run under each daemon in turn in the same run. Measures the daemon's own memory,
// `status` wall time and respawn latency after SIGKILL; prints a table, writes JSON.
// Run: npm run bench -- supervisor-overhead (or node bench/supervisor-overhead.mjs after a build).
// CREW_BENCH_KEEP=1 keeps the temp dir (configs, daemon logs) for a look afterwards;
// CREW_BENCH_STORE=postgres://… gives crew that job store (with it, the cluster heartbeat).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCrewPeer } from './lib/crew.mjs';
import {
  measureMemory,
  measureRespawn,
  measureStartup,
  measureStatus,
  measureStatusVariants,
  waitAllRunning,
} from './lib/measure.mjs';
import { killProcessesMentioning } from './lib/proc.mjs';
import { describeMachine, median, printTable, writeResult } from './lib/report.mjs';
import { runGuarded, sleep } from './lib/run.mjs';
import { createSupervisordPeer, ensureSupervisord } from './lib/supervisord.mjs';

const NAME = 'supervisor-overhead';
const POOLS = [
  ['default', 2],
  ['router-checks', 2],
  ['router-data', 3],
  ['log-rotation', 1],
  ['payments', 4],
  ['provisioning', 3],
  ['dashboard', 2],
];
const SAMPLES = 5;
const SETTLE_MS = 6000;
const DEADLINE_MS = 115_000;
const MIB = 1024 ** 2;

const log = (line) => console.error(`bench | ${line}`);
const names = POOLS.flatMap(([pool, n]) =>
  Array.from({ length: n }, (_, i) => `${pool}_${String(i).padStart(2, '0')}`),
);
let supervisordVersion;
try {
  supervisordVersion = ensureSupervisord(log);
} catch (error) {
  log(`cannot run supervisord: ${error.message}`);
  process.exit(1);
}
// Made after the install, so that the deadline below does not count it.
const root = mkdtempSync(join(tmpdir(), 'crew-bench-'));

// Kills whatever still runs from the temp dir and removes it; returns the leftovers killed.
function cleanUp() {
  const leftovers = killProcessesMentioning(root);
  if (process.env.CREW_BENCH_KEEP === '1') log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
  return leftovers;
}

// A peer's own directory holding an idle worker script; its pools run that script.
function preparePeer(create, label) {
  const dir = join(root, label);
  mkdirSync(dir);
  const worker = join(dir, 'idle-worker.js');
  writeFileSync(
    worker,
    '// An idle worker: keeps the event loop alive.\nsetInterval(() => {}, 1e9);\n',
  );
  const pools = POOLS.map(([name, processes]) => ({
    name,
    processes,
    argv: [process.execPath, worker, `--queue=${name}`],
  }));
  return { dir, worker, peer: create({ dir, pools }) };
}

// The commit dist/ was built from, marked dirty when the work tree has changes.
function describeCommit() {
  const cwd = new URL('..', import.meta.url).pathname;
  const git = (...args) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function measurePeer({ dir, worker, peer }) {
  log(`${peer.name}: starting ${names.length} workers`);
  let daemonPid;
  let upMs;
  try {
    ({ daemonPid, upMs } = await measureStartup(peer, worker, names.length, { procPollMs: 2 }));
    await waitAllRunning(peer, names);
  } catch (error) {
    throw new Error(`${error.message}\n--- ${peer.name} log ---\n${peer.log()}`);
  }
  await sleep(SETTLE_MS);
  const memory = await measureMemory(daemonPid, { count: SAMPLES, intervalMs: 1000 });
  const status = await measureStatus(peer, { count: SAMPLES });
  const statusVariants = await measureStatusVariants(peer, names, { count: SAMPLES });
  const respawn = [];
  for (let i = 0; i < SAMPLES; i++) {
    const target = `payments_${String(i % 4).padStart(2, '0')}`;
    respawn.push(
      await measureRespawn(peer, daemonPid, target, { procPollMs: 2, statusPollMs: 20 }),
    );
    await waitAllRunning(peer, names);
  }
  log(`${peer.name}: stopping`);
  const stop = await peer.stop();
  await sleep(200);
  const survivors = killProcessesMentioning(dir);
  return { daemonPid, upMs, memory, status, statusVariants, respawn, stop, survivors };
}

function summarise(results) {
  const rows = [];
  const add = (metric, unit, pick) => {
    const [a, b] = results.map((r) => median(pick(r)));
    rows.push({ metric, unit, a, b });
  };
  add('daemon PSS', 'MiB', (r) => r.memory.map((s) => s.pssBytes / MIB));
  add('daemon RSS', 'MiB', (r) => r.memory.map((s) => s.rssBytes / MIB));
  add('daemon USS', 'MiB', (r) => r.memory.map((s) => s.ussBytes / MIB));
  add('status wall time', 'ms', (r) => r.status.map((s) => s.ms));
  // The ways crew's README has users type `status`, each beside plain `supervisorctl status`.
  for (const label of Object.keys(results[0].statusVariants)) {
    add(label, 'ms', (r) => (r.statusVariants[label] ?? r.status).map((s) => s.ms));
  }
  add('SIGKILL → new worker exec’d', 'ms', (r) => r.respawn.map((s) => s.spawnMs));
  add('SIGKILL → RUNNING in status', 'ms', (r) => r.respawn.map((s) => s.runningMs));
  add('start → 17 workers exec’d', 'ms', (r) => [r.upMs]);
  add('SIGTERM → daemon exited', 'ms', (r) => [r.stop.ms]);
  add('check: 17 workers’ PSS', 'MiB', (r) => r.memory.map((s) => s.workersPssBytes / MIB));
  return rows;
}

async function main() {
  const peers = [
    preparePeer(createCrewPeer, 'crew'),
    preparePeer(createSupervisordPeer, 'supervisord'),
  ];
  const results = [];
  for (const prepared of peers) {
    try {
      results.push(await measurePeer(prepared));
    } finally {
      await prepared.peer.stop();
    }
  }
  const rows = summarise(results);
  printTable(
    rows,
    peers.map((p) => p.peer.name),
  );
  for (const [i, r] of results.entries()) {
    if (r.survivors.length > 0)
      log(`${peers[i].peer.name}: workers survived its stop: ${r.survivors.join('; ')}`);
    if (r.stop.code !== 0)
      log(`${peers[i].peer.name}: daemon exited with ${r.stop.code ?? r.stop.signal}`);
  }
  const path = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    machine: describeMachine({
      supervisord: supervisordVersion,
      python: execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim(),
      crewCommit: describeCommit(),
    }),
    layout: Object.fromEntries(POOLS),
    summary: rows.map(({ metric, unit, a, b }) => ({
      metric,
      unit,
      crew: a,
      supervisord: b,
      ratio: a / b,
    })),
    samples: Object.fromEntries(results.map((r, i) => [peers[i].peer.name, r])),
  });
  log(`wrote ${path}`);
}

await runGuarded(main, { deadlineMs: DEADLINE_MS, log, cleanUp });
