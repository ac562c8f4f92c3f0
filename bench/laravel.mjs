// The seed's container, for real: the example Laravel app's seven queues as `php artisan
// queue:work` workers, the same compressed evening of traffic (examples/laravel/load.js) played
// three times on this machine, one after the other:
//   1. supervisord (Debian's) with the seed's 17 workers (examples/laravel/supervisord-17.conf),
//   2. supervisord with the hand-cut 10 (supervisord-10.conf),
//   3. crew, autoscaled under 400 MiB (examples/laravel/crew.yaml).
// Each run has its own fresh database (SQLite, migrated by the app) and storage. Memory is the
// PSS of the daemon and every process below it, read from /proc every second while the load
// plays and the queues drain: time-averaged and peak. Waits are what the jobs recorded
// themselves (job_runs: ready → started, ms). Prints a table, writes bench/results/laravel.json.
// Run: npm run bench -- laravel. CREW_BENCH_KEEP=1 keeps the temp dir (configs, logs, databases).
// LARAVEL_BENCH_SECONDS and LARAVEL_BENCH_COMPRESS change the evening played (default 170 s with
// the quiet time cut 10×: bursts 2 minutes apart instead of 20, still longer than crew's default
// down_window of 60 s plus a step, as in the recorded evening).
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { callDaemon } from '../dist/control/client.js';
import {
  killProcessesMentioning,
  listChildPids,
  readCmdline,
  readMemoryBytes,
} from './lib/proc.mjs';
import { describeMachine, writeResult } from './lib/report.mjs';
import { runGuarded, sleep, startDaemon, stopDaemon, waitFor } from './lib/run.mjs';
import { ensureSupervisord, mainSections } from './lib/supervisord.mjs';

const NAME = 'laravel';
const repo = new URL('..', import.meta.url).pathname;
const appDir = join(repo, 'examples/laravel');
const crewBin = join(repo, 'bin/crew.js');
const SECONDS = Number(process.env.LARAVEL_BENCH_SECONDS ?? 170);
const COMPRESS = Number(process.env.LARAVEL_BENCH_COMPRESS ?? 10);
// After the load: until the jobs table is empty (provisioning runs 2 s after its payment).
const DRAIN_LIMIT_MS = 90_000;
const TARGET_WAIT_MS = 5000; // payments' and provisioning's target_wait in crew.yaml
const DEADLINE_MS = 11 * 60_000;
const MIB = 1024 ** 2;
const isRoot = process.getuid?.() === 0;

const log = (line) => console.error(`bench | ${line}`);

function hasPhpApp() {
  try {
    execFileSync('php', ['-r', 'require "/usr/share/php/Illuminate/autoload.php";'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

// PHP and Debian's Laravel, as examples/laravel/setup.sh installs them (root only).
function ensurePhp() {
  if (hasPhpApp()) return;
  if (!isRoot) throw new Error('PHP or Laravel is missing: run examples/laravel/setup.sh');
  const packages = ['php-cli', 'php-sqlite3', 'php-laravel-framework'];
  log(`PHP or Laravel is missing: apt-get install -y ${packages.join(' ')}`);
  const apt = (args) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    apt(['install', '-y', '--no-install-recommends', ...packages]);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', ...packages]);
  }
}

let supervisordVersion;
try {
  supervisordVersion = ensureSupervisord(log);
  ensurePhp();
} catch (error) {
  log(`cannot run: ${error.message}`);
  process.exit(1);
}
const phpVersion = execFileSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
const root = mkdtempSync(join(tmpdir(), 'crew-bench-laravel-'));
const benchStartedAt = Date.now();

// Live processes whose environment mentions `text` (every PHP process of a run has its
// APP_STORAGE under the run's directory; their command lines name only the app).
function processesWithEnv(text) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1');
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (env.includes(text) && stat[stat.lastIndexOf(')') + 2] !== 'Z') found.push(Number(name));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

// Kills what a run left: its daemon (its command line names the run's directory) and the
// PHP processes (their environment does).
function killLeftovers(text) {
  const killed = killProcessesMentioning(text);
  for (const pid of processesWithEnv(text)) {
    try {
      const line = readCmdline(pid);
      process.kill(pid, 'SIGKILL');
      killed.push(`${pid} ${line}`);
    } catch {
      // It ended meanwhile.
    }
  }
  return killed;
}

function cleanUp() {
  const leftovers = killLeftovers(root);
  if (process.env.CREW_BENCH_KEEP === '1') log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
  return leftovers;
}

// A run's own state: database and storage under `dir`, what its PHP processes get as env.
function prepareState(dir) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const dbPath = join(dir, 'app.sqlite');
  new Database(dbPath).close();
  const env = { DB_URL: `sqlite:${dbPath}`, APP_STORAGE: join(dir, 'storage') };
  execFileSync('php', ['artisan', 'migrate', '--force'], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  return { dbPath, env };
}

function chownTree(path, uid, gid) {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), uid, gid);
    else chownSync(join(path, entry.name), uid, gid);
  }
}

// The seed's conf.d file as supervisord reads it, under a main supervisord.conf of the run.
function supervisordPeer(label, confName) {
  const dir = join(root, label);
  mkdirSync(dir);
  const state = prepareState(dir);
  // %(here)s would be this directory once copied: make the app's paths concrete, the logs ours.
  const conf = readFileSync(join(appDir, confName), 'utf8')
    .replaceAll('%(here)s/storage/logs/', `${dir}/logs/`)
    .replaceAll('%(here)s', appDir)
    // Without root supervisord cannot switch users; the figures do not depend on it.
    .replace(/^user=www-data\n/gm, isRoot ? 'user=www-data\n' : '');
  writeFileSync(join(dir, confName), conf);
  if (isRoot) {
    // www-data runs the workers: it writes the database (and its WAL) and storage.
    chmodSync(root, 0o711);
    chownTree(dir, 33, 33);
  }
  const env = Object.entries(state.env)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const main = [
    ...mainSections(dir, [`environment=${env}`]),
    `[include]\nfiles = ${join(dir, confName)}`,
  ].join('\n\n');
  writeFileSync(join(dir, 'supervisord.conf'), `${main}\n`);
  const workers = [...conf.matchAll(/^numprocs=(\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  return {
    label,
    dir,
    state,
    workers,
    start: () =>
      startDaemon(['supervisord', '-n', '-c', join(dir, 'supervisord.conf')], {
        cwd: dir,
        logFile: join(dir, 'daemon.log'),
      }),
  };
}

// The processes crew starts with: each pool's minimum (`processes: N` or `MIN..MAX`).
function minimumWorkers(config) {
  const pools = parseYaml(config).pools;
  return Object.values(pools).reduce(
    (sum, pool) => sum + Number(String(pool.processes ?? 1).split('..')[0]),
    0,
  );
}

// examples/laravel/crew.yaml as it is, pointed at the run's database and storage.
function crewPeer(label) {
  const dir = join(root, label);
  mkdirSync(dir);
  const state = prepareState(dir);
  const yaml = readFileSync(join(appDir, 'crew.yaml'), 'utf8');
  const edits = [
    [/^x-db: &db .*$/m, `x-db: &db ${state.env.DB_URL}`],
    [
      /^ {2}env: \{ DB_URL: \*db \}$/m,
      `  env: { DB_URL: *db, APP_STORAGE: "${state.env.APP_STORAGE}" }\n  cwd: ${appDir}`,
    ],
    // The machine is shared (other work in the same cgroup): the budget counts crew and its
    // trees, as the benchmark counts each daemon and its tree.
    [/^budget: 400MiB$/m, 'budget: { limit: 400MiB, scope: crew }\nhttp: false'],
  ];
  let config = yaml;
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(config)) throw new Error(`examples/laravel/crew.yaml: no ${pattern}`);
    config = config.replace(pattern, replacement);
  }
  writeFileSync(join(dir, 'crew.yaml'), config);
  return {
    label,
    dir,
    state,
    workers: minimumWorkers(config),
    start: () =>
      startDaemon([crewBin, '-c', join(dir, 'crew.yaml'), 'up'], {
        cwd: dir,
        logFile: join(dir, 'daemon.log'),
      }),
  };
}

// Every pid below `pid` (its children, theirs, ...), with `pid` itself first.
function tree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...listChildPids(pids[i]));
  return pids;
}

function sampleTree(daemonPid) {
  let pss = 0;
  let daemonPss = 0;
  let workers = 0;
  for (const pid of tree(daemonPid)) {
    try {
      const own = readMemoryBytes(pid).pssBytes;
      pss += own;
      if (pid === daemonPid) daemonPss = own;
      if (pid !== daemonPid && readCmdline(pid)?.includes('queue:work')) workers += 1;
    } catch {
      // Exited between the listing and the read.
    }
  }
  return { pss, daemonPss, workers };
}

function playLoad(peer) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(appDir, 'load.js'), '--seconds', String(SECONDS), '--compress', String(COMPRESS)],
      {
        cwd: peer.dir,
        env: { ...process.env, ...peer.state.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const summary = JSON.parse(out.trim().split('\n').at(-1));
      if (code !== 0) reject(new Error(`load.js exited ${code}: ${out}`));
      else resolve(summary);
    });
  });
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function waits(db, queue) {
  const rows = db
    .prepare(
      'SELECT started_at_ms - ready_at_ms AS w FROM job_runs WHERE queue = ? AND attempt = 1',
    )
    .all(queue)
    .map((r) => Math.max(0, r.w))
    .sort((a, b) => a - b);
  return {
    jobs: rows.length,
    p50: quantile(rows, 0.5),
    p95: quantile(rows, 0.95),
    max: rows.at(-1) ?? null,
    overTarget: rows.filter((w) => w > TARGET_WAIT_MS).length,
  };
}

async function measure(peer) {
  log(`${peer.label}: starting`);
  const daemon = peer.start();
  try {
    return await measureRunning(peer, daemon);
  } finally {
    await stopDaemon(daemon, 60_000);
  }
}

async function measureRunning(peer, daemon) {
  const daemonPid = daemon.pid;
  await waitFor(
    `${peer.label}: ${peer.workers} queue:work processes`,
    () => {
      if (daemon.child.exitCode !== null) throw new Error(`${peer.label} exited:\n${daemon.log()}`);
      return sampleTree(daemonPid).workers >= peer.workers;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  await sleep(3000); // startsecs, and the workers' first polls
  const idle = sampleTree(daemonPid);
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    const started = Date.now();
    while (sampling) {
      const at = Date.now() - started;
      samples.push({ at, ...sampleTree(daemonPid) });
      await sleep(Math.max(0, samples.length * 1000 - (Date.now() - started)));
    }
  })();
  log(`${peer.label}: playing ${SECONDS} s of the evening (quiet time cut ${COMPRESS}×)`);
  const loadStartedAt = Date.now();
  const load = await playLoad(peer);
  const db = new Database(peer.state.dbPath, { readonly: true });
  const pending = () => db.prepare('SELECT COUNT(*) AS n FROM jobs').get().n;
  const drainStarted = Date.now();
  while (pending() > 0 && Date.now() - drainStarted < DRAIN_LIMIT_MS) await sleep(500);
  const drainMs = Date.now() - drainStarted;
  sampling = false;
  await sampler;
  const result = {
    label: peer.label,
    load,
    idlePssBytes: idle.pss,
    idleWorkers: idle.workers,
    drainMs,
    leftInJobs: pending(),
    failed: db.prepare('SELECT COUNT(*) AS n FROM failed_jobs').get().n,
    done: db
      .prepare("SELECT queue, COUNT(*) AS n FROM job_runs WHERE status = 'done' GROUP BY queue")
      .all(),
    waits: Object.fromEntries(
      [
        'payments',
        'provisioning',
        'router-checks',
        'router-data',
        'dashboard',
        'default',
        'log-rotation',
      ].map((q) => [q, waits(db, q)]),
    ),
    samples,
    // Each payment and provisioning job: seconds from the load's start to ready, and its wait.
    jobs: db
      .prepare(
        "SELECT queue, ready_at_ms - ? AS ready_ms, started_at_ms - ready_at_ms AS wait_ms, pid FROM job_runs WHERE queue IN ('payments', 'provisioning') AND attempt = 1 ORDER BY ready_at_ms",
      )
      .all(loadStartedAt),
  };
  db.close();
  if (peer.label === 'crew') {
    // The autoscaler's decisions, timed from the load's start.
    const overview = await callDaemon(join(peer.dir, '.crew', 'crew.sock'), 'overview');
    result.decisions = overview.events
      .filter((e) => e.type === 'scale:decision')
      .map((e) => ({
        at_s: (Date.parse(e.decided_at) - loadStartedAt) / 1000,
        pool: e.pool,
        from: e.from,
        to: e.to,
        reason: e.reason,
      }));
  }
  log(`${peer.label}: stopping`);
  result.stop = await stopDaemon(daemon, 60_000);
  await sleep(300);
  result.survivors = killLeftovers(peer.dir);
  if (peer.label === 'crew') {
    const text = daemon.log();
    result.scaled = [...text.matchAll(/^crew \| scaled: (.*)$/gm)].map((m) => m[1]);
    result.recycled = [...text.matchAll(/^crew \| recycled: (.*)$/gm)].map((m) => m[1]);
  }
  return result;
}

const avg = (list) => list.reduce((a, b) => a + b, 0) / list.length;

function summarise(r) {
  const pss = r.samples.map((s) => s.pss);
  return {
    avgMiB: avg(pss) / MIB,
    peakMiB: Math.max(...pss) / MIB,
    idleMiB: r.idlePssBytes / MIB,
    daemonMiB: avg(r.samples.map((x) => x.daemonPss)) / MIB,
    workersAvg: avg(r.samples.map((s) => s.workers)),
    workersMax: Math.max(...r.samples.map((s) => s.workers)),
    payments: r.waits.payments,
    provisioning: r.waits.provisioning,
  };
}

function printTable(rows) {
  const s = (ms) => (ms === null ? '-' : (ms / 1000).toFixed(1));
  const header = [
    'layout',
    'avg MiB',
    'peak MiB',
    'daemon MiB',
    'workers avg/max',
    'payments wait p50/p95/max s',
    'provisioning wait p50/p95/max s',
    `prov. > ${TARGET_WAIT_MS / 1000} s`,
  ];
  const body = rows.map(([label, x]) => [
    label,
    x.avgMiB.toFixed(1),
    x.peakMiB.toFixed(1),
    x.daemonMiB.toFixed(1),
    `${x.workersAvg.toFixed(1)}/${x.workersMax}`,
    `${s(x.payments.p50)}/${s(x.payments.p95)}/${s(x.payments.max)}`,
    `${s(x.provisioning.p50)}/${s(x.provisioning.p95)}/${s(x.provisioning.max)}`,
    `${x.provisioning.overTarget} of ${x.provisioning.jobs}`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
  );
  for (const cells of body) console.log(line(cells));
}

function describeCommit() {
  const git = (...args) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const peers = [
    supervisordPeer('supervisord-17', 'supervisord-17.conf'),
    supervisordPeer('supervisord-10', 'supervisord-10.conf'),
    crewPeer('crew'),
  ];
  // LARAVEL_BENCH_ONLY=crew (a comma-separated list of layouts) plays those alone, for trying a
  // change; the goals need all three.
  const only = process.env.LARAVEL_BENCH_ONLY?.split(',');
  const chosen = only === undefined ? peers : peers.filter((peer) => only.includes(peer.label));
  const results = [];
  for (const peer of chosen) results.push(await measure(peer));
  const summary = Object.fromEntries(results.map((r) => [r.label, summarise(r)]));
  printTable(Object.entries(summary));
  if (chosen.length < peers.length) return;
  const [s17, s10, crew] = [summary['supervisord-17'], summary['supervisord-10'], summary.crew];
  const goals = {
    memory: {
      ratio: crew.avgMiB / s17.avgMiB,
      goal: '≤ 0.6 × supervisord-17 (time-averaged PSS)',
      met: crew.avgMiB <= 0.6 * s17.avgMiB,
    },
    paymentsP95: {
      crewMs: crew.payments.p95,
      s17Ms: s17.payments.p95,
      goal: '≤ supervisord-17',
      met: crew.payments.p95 <= s17.payments.p95,
    },
    provisioning: {
      crewMaxMs: crew.provisioning.max,
      s10MaxMs: s10.provisioning.max,
      goal: `never past ${TARGET_WAIT_MS / 1000} s when supervisord-10 is`,
      s10Missed: s10.provisioning.max > TARGET_WAIT_MS,
      met: crew.provisioning.max <= TARGET_WAIT_MS,
    },
  };
  console.log('');
  console.log(
    `memory: crew/17 = ${goals.memory.ratio.toFixed(2)}× (goal ≤ 0.60×): ${goals.memory.met ? 'met' : 'MISSED'}`,
  );
  console.log(
    `payments p95: crew ${(crew.payments.p95 / 1000).toFixed(1)} s vs 17 ${(s17.payments.p95 / 1000).toFixed(1)} s: ${goals.paymentsP95.met ? 'met' : 'MISSED'}`,
  );
  console.log(
    `provisioning max: crew ${(crew.provisioning.max / 1000).toFixed(1)} s, 10 ${(s10.provisioning.max / 1000).toFixed(1)} s (target ${TARGET_WAIT_MS / 1000} s; 10 ${goals.provisioning.s10Missed ? 'misses it' : 'keeps it'}): ${goals.provisioning.met ? 'met' : 'MISSED'}`,
  );
  for (const r of results) {
    if (r.survivors.length > 0) log(`${r.label}: survived its stop: ${r.survivors.join('; ')}`);
    if (r.leftInJobs > 0)
      log(`${r.label}: ${r.leftInJobs} jobs left after ${DRAIN_LIMIT_MS / 1000} s of drain`);
  }
  const path = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    durationS: Math.round((Date.now() - benchStartedAt) / 1000),
    machine: describeMachine({
      supervisord: supervisordVersion,
      php: phpVersion,
      laravel: execFileSync('php', ['artisan', '--version'], {
        cwd: appDir,
        encoding: 'utf8',
        env: { ...process.env, APP_STORAGE: join(root, 'version-storage') },
      }).trim(),
      crewCommit: describeCommit(),
      root: isRoot,
    }),
    load: { seconds: SECONDS, compress: COMPRESS, targetWaitMs: TARGET_WAIT_MS },
    summary,
    goals,
    runs: results,
  });
  log(`wrote ${path}`);
}

await runGuarded(main, { deadlineMs: DEADLINE_MS, log, cleanUp });
