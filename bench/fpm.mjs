// PHP-FPM under crew (an `fpm:` pool), the two figures of the issue:
//   1. What reading FPM's status page costs the daemon: one FPM pool of 10 static children
//      under crew with `status_interval: 0` (never read: the peer), `2s` (the default) and
//      `200ms` (the fastest allowed), the same length each, interleaved over the rounds; the
//      daemon's CPU and memory over a window after a settle, and the latency of one reading as
//      crew does it (readFpmStatus + smaps_rollup of every child, from dist/) timed here.
//   2. FPM's memory on the seed's hand settings against crew's plan (`crew plan --apply`) on
//      the same request load: a steady 15 requests/s for 30 s with a burst of 8 at once every
//      T ms for 3 s in the middle, T being how long one request takes while 8 run at once here
//      (measured in part 1), work.php touching 4 MiB and sleeping 40 ms; the schedule computed
//      up front so both phases play exactly the same one; the pool's tree PSS from crew's stats
//      every 500 ms, request latency and errors.
// Prints tables, writes bench/results/fpm.json. Needs php-fpm (Debian's php-fpm8.x); without it
// says why and exits 0. Run: npm run bench -- fpm (or node bench/fpm.mjs after a build).
// CREW_BENCH_KEEP=1 keeps the temp dir (configs, daemon logs); CREW_BENCH_QUICK=1 checks the
// harness in about a minute (figures not to quote; written to fpm-quick.json).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { callDaemon } from '../dist/control/client.js';
import { readFpmStatus } from '../dist/fpm/status/read-status.js';
import { readProcessMemoryAsync } from '../dist/memory/process-memory.js';
import {
  buildSchedule,
  fpmRequester,
  playSchedule,
  summarizeLoad,
  timeConcurrent,
} from './lib/fpm-load.mjs';
import { markdownTable } from './lib/markdown-table.mjs';
import {
  killProcessesMentioning,
  listChildPids,
  readCmdline,
  readMemoryBytes,
} from './lib/proc.mjs';
import { describeMachine, median, writeResult } from './lib/report.mjs';
import { runGuarded, runTimed, sleep, startDaemon, stopDaemon, waitFor } from './lib/run.mjs';
import { percentile } from './lib/spread.mjs';

const QUICK = process.env.CREW_BENCH_QUICK === '1';
const NAME = QUICK ? 'fpm-quick' : 'fpm';
const crewBin = new URL('../bin/crew.js', import.meta.url).pathname;
const log = (line) => console.error(`bench | ${line}`);

// Part 1.
const SCENARIOS = [
  { id: 'off', label: '`status_interval: 0` (never read)', interval: '0', intervalMs: 0 },
  { id: '2s', label: '`2s` (the default)', interval: '2s', intervalMs: 2000 },
  { id: '200ms', label: '`200ms` (the fastest)', interval: '200ms', intervalMs: 200 },
];
const STATIC_CHILDREN = 10;
const ROUNDS = QUICK ? 1 : 2;
const SETTLE_MS = QUICK ? 2000 : 4000;
const WINDOW_MS = QUICK ? 5000 : 12_000;
const READS = QUICK ? 50 : 200;
// Part 2.
const SEED = {
  pm: 'dynamic',
  'pm.max_children': 10,
  'pm.start_servers': 2,
  'pm.min_spare_servers': 1,
  'pm.max_spare_servers': 3,
  'pm.max_requests': 500,
};
// The burst's `everyMs` is how long one request takes while 8 run at once on this machine,
// measured in part 1 against FPM's 10 static children (nobody else's requests there): 8 new
// requests every that long keep about 8 in flight.
const LOAD = {
  rate: 15,
  seconds: QUICK ? 10 : 30,
  burst: { atMs: QUICK ? 3500 : 13_500, ms: 3000, concurrency: 8, everyMs: null },
};
const CALIBRATE = { concurrency: LOAD.burst.concurrency, ms: 2000, warmMs: 500 };
const SAMPLE_MS = 500;
const MAX_IN_FLIGHT = 32;
const REQUEST_TIMEOUT_MS = 15_000;
const WORK_PHP = `<?php
$work = str_repeat('x', 4 << 20);
usleep(40000);
echo getmypid();
`;
const DEADLINE_MS = QUICK ? 120_000 : 280_000;
const MIB = 1024 ** 2;
const isRoot = process.getuid?.() === 0;
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

// php-fpm on PATH, else Debian's newest /usr/sbin/php-fpm8.x; null when there is none.
function findPhpFpm() {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'php-fpm'))) return join(dir, 'php-fpm');
  }
  const debian = existsSync('/usr/sbin')
    ? readdirSync('/usr/sbin')
        .filter((f) => /^php-fpm\d+\.\d+$/.test(f))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    : [];
  return debian.length > 0 ? join('/usr/sbin', debian[0]) : null;
}

const phpFpm = findPhpFpm();
let phpFpmVersion = null;
try {
  if (phpFpm !== null)
    phpFpmVersion = execFileSync(phpFpm, ['-v'], { encoding: 'utf8' }).split('\n')[0];
} catch (error) {
  log(`${phpFpm} -v failed: ${error.message}`);
}
if (phpFpmVersion === null) {
  const why =
    phpFpm === null
      ? 'no php-fpm on PATH nor /usr/sbin/php-fpm8.x (Debian: apt-get install php-fpm)'
      : `${phpFpm} does not run`;
  console.log(`skipped: ${why}`);
  log(`skipped: ${why}`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'crew-bench-fpm-'));
// php-fpm's children run as nobody (as root): they read the scripts and reach the sockets.
chmodSync(root, 0o755);
// FPM's [pool] name, unique to this run: its children's command line ("php-fpm: pool NAME")
// names it, where the temp dir is not.
const FPM_POOL = `www-${basename(root).slice(-6)}`;
let current = null;
const loadavgAtStart = loadavg();

// Kills what a run left: crew and FPM's master (their command lines name the temp dir) and
// FPM's children; returns them.
function killLeftovers() {
  return [...killProcessesMentioning(root), ...killProcessesMentioning(`pool ${FPM_POOL}`)];
}

function cleanUp() {
  const leftovers = killLeftovers();
  if (process.env.CREW_BENCH_KEEP === '1') log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
  return leftovers;
}

// utime + stime of a process, in ms; null once it is gone.
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

function fpmConf(dir, settings) {
  return [
    '[global]',
    'process_control_timeout = 20s',
    '',
    `[${FPM_POOL}]`,
    ...(isRoot ? ['user = nobody', 'group = nogroup'] : []),
    `listen = ${join(dir, 'www.sock')}`,
    ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`),
    'pm.status_path = /status',
    '',
  ].join('\n');
}

function crewYaml(statusInterval) {
  return [
    'http: false',
    'budget: { limit: 1GiB, scope: crew }',
    'pools:',
    '  web:',
    '    fpm:',
    '      config: php-fpm.conf',
    `      binary: ${phpFpm}`,
    ...(statusInterval === null ? [] : [`      status_interval: ${statusInterval}`]),
    '    stop_timeout: 30s',
    '',
  ].join('\n');
}

// A directory with crew.yaml and php-fpm.conf, readable by FPM's children.
function prepare(name, statusInterval, settings) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'crew.yaml'), crewYaml(statusInterval));
  writeFileSync(join(dir, 'php-fpm.conf'), fpmConf(dir, settings));
  writeFileSync(join(dir, 'work.php'), WORK_PHP);
  return {
    dir,
    file: join(dir, 'crew.yaml'),
    conf: join(dir, 'php-fpm.conf'),
    listen: join(dir, 'www.sock'),
    socket: join(dir, '.crew', 'crew.sock'),
  };
}

// `crew up` until the FPM master is RUNNING; resolves with the daemon and the master's pid.
async function startCrew(run, label) {
  const daemon = startDaemon([crewBin, '-c', run.file, 'up'], {
    cwd: run.dir,
    logFile: join(run.dir, 'daemon.log'),
  });
  current = daemon;
  const master = await waitFor(
    `${label}: php-fpm RUNNING under crew`,
    () => {
      if (daemon.child.exitCode !== null) throw new Error(`crew exited:\n${daemon.log()}`);
      if (!/success: web_00 entered RUNNING/.test(daemon.log())) return null;
      return listChildPids(daemon.pid).find((pid) => readCmdline(pid)?.includes('php-fpm')) ?? null;
    },
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  return { daemon, master };
}

async function stopCrew(daemon) {
  const stopped = await stopDaemon(daemon, 40_000);
  current = null;
  if (stopped.forced) log(`crew did not stop on SIGTERM: killed after ${stopped.ms.toFixed(0)} ms`);
  else if (stopped.ms > 2000) log(`crew took ${(stopped.ms / 1000).toFixed(1)} s to stop`);
  return stopped;
}

// Part 1 ------------------------------------------------------------------------------------

// `READS` readings in a row as crew's tick makes one: the status page (`?json&full`), then the
// smaps_rollup of every child it lists and of the master, in parallel.
async function timeReadings(listen, master) {
  await readFpmStatus({ listen, path: '/status', full: true });
  const ticks = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < READS; i++) {
    const startedAt = performance.now();
    const result = await readFpmStatus({ listen, path: '/status', full: true, timeoutMs: 3000 });
    const readAt = performance.now();
    if (!result.ok) throw new Error(`reading ${i}: ${result.message}`);
    const pids = [...result.status.processes.map((p) => p.pid), master];
    const memory = await Promise.all(pids.map((pid) => readProcessMemoryAsync(pid)));
    const doneAt = performance.now();
    ticks.push({
      statusMs: readAt - startedAt,
      memoryMs: doneAt - readAt,
      tickMs: doneAt - startedAt,
      children: result.status.processes.length,
      read: memory.filter((m) => m !== null).length,
    });
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ticks,
    cpuMsPerTick: (cpu.user + cpu.system) / 1000 / READS,
    userMsPerTick: cpu.user / 1000 / READS,
    systemMsPerTick: cpu.system / 1000 / READS,
  };
}

async function measureReading(scenario, round) {
  const run = prepare(`reading-${round}-${scenario.id}`, scenario.interval, {
    pm: 'static',
    'pm.max_children': STATIC_CHILDREN,
  });
  const { daemon, master } = await startCrew(run, scenario.id);
  try {
    await waitFor(
      `${scenario.id}: ${STATIC_CHILDREN} FPM children`,
      () => listChildPids(master).length >= STATIC_CHILDREN,
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    await sleep(SETTLE_MS);
    const fpmPids = [master, ...listChildPids(master)];
    const fpmCpu = () => fpmPids.reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0);
    const before = await readFpmStatus({ listen: run.listen, path: '/status', full: false });
    if (!before.ok) throw new Error(`${scenario.id}: ${before.message}`);
    const cpuStart = cpuMs(daemon.pid);
    const fpmStart = fpmCpu();
    const startedAt = performance.now();
    const memory = [];
    while (performance.now() - startedAt < WINDOW_MS) {
      memory.push(readMemoryBytes(daemon.pid));
      await sleep(1000);
    }
    const elapsedMs = performance.now() - startedAt;
    const cpuSpentMs = cpuMs(daemon.pid) - cpuStart;
    const fpmSpentMs = fpmCpu() - fpmStart;
    const after = await readFpmStatus({ listen: run.listen, path: '/status', full: false });
    if (!after.ok) throw new Error(`${scenario.id}: ${after.message}`);
    // Each read of the page is one accepted connection; the bench's second read is one of them.
    const readings = after.status.acceptedConn - before.status.acceptedConn - 1;
    // The latency of one reading, against the FPM nobody else reads (the peer's), once; then
    // how long a request of part 2 takes while 8 run at once.
    const first = scenario.intervalMs === 0 && round === 0;
    const latency = first ? await timeReadings(run.listen, master) : null;
    const calibration = first
      ? await timeConcurrent(
          fpmRequester({
            listen: run.listen,
            path: '/work.php',
            scriptFilename: join(run.dir, 'work.php'),
            timeoutMs: REQUEST_TIMEOUT_MS,
          }),
          CALIBRATE,
        )
      : null;
    return {
      scenario: scenario.id,
      round,
      elapsedMs,
      cpuSpentMs,
      cpuPercent: (cpuSpentMs / elapsedMs) * 100,
      fpmCpuPercent: (fpmSpentMs / elapsedMs) * 100,
      readings,
      memory,
      latency,
      calibration,
    };
  } catch (error) {
    throw new Error(`${error.message}\n--- daemon log ---\n${daemon.log()}`);
  } finally {
    await stopCrew(daemon);
  }
}

function printReadingCost(results) {
  const of = (id) => results.filter((r) => r.scenario === id);
  const mem = (r, key) => median(r.memory.map((m) => m[key])) / MIB;
  const rounds = [...new Set(results.map((r) => r.round))];
  // Per round against that round's peer, then the median over rounds.
  const perReading = (id) =>
    median(
      rounds.map((round) => {
        const mine = results.find((r) => r.scenario === id && r.round === round);
        const peer = results.find((r) => r.scenario === 'off' && r.round === round);
        const extraMs =
          (mine.cpuSpentMs / mine.elapsedMs - peer.cpuSpentMs / peer.elapsedMs) * mine.elapsedMs;
        return mine.readings > 0 ? extraMs / mine.readings : Number.NaN;
      }),
    );
  const fig = (id, f) => median(of(id).map(f));
  const base = {
    cpu: fig('off', (r) => r.cpuPercent),
    pss: fig('off', (r) => mem(r, 'pssBytes')),
    uss: fig('off', (r) => mem(r, 'ussBytes')),
  };
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const rows = SCENARIOS.map((s) => {
    const cpu = fig(s.id, (r) => r.cpuPercent);
    const pss = fig(s.id, (r) => mem(r, 'pssBytes'));
    const uss = fig(s.id, (r) => mem(r, 'ussBytes'));
    return [
      s.label,
      fig(s.id, (r) => r.readings).toFixed(0),
      cpu.toFixed(2),
      s.intervalMs === 0 ? '—' : perReading(s.id).toFixed(2),
      pss.toFixed(1),
      uss.toFixed(1),
      fig(s.id, (r) => mem(r, 'rssBytes')).toFixed(1),
      ratio(cpu, base.cpu),
      ratio(pss, base.pss),
      ratio(uss, base.uss),
      fig(s.id, (r) => r.fpmCpuPercent).toFixed(2),
    ];
  });
  console.log(
    `\nPart 1: the cost of reading the status page, one FPM pool of ${STATIC_CHILDREN} static children; median of ${rounds.length} round${rounds.length === 1 ? '' : 's'} (interleaved), ${WINDOW_MS / 1000} s window after ${SETTLE_MS / 1000} s settle, each\n`,
  );
  console.log(
    markdownTable(
      [
        'status_interval',
        'readings',
        'daemon CPU % of a core',
        'CPU ms per reading (− peer)',
        'PSS MiB',
        'USS MiB',
        'RSS MiB',
        'CPU / 0',
        'PSS / 0',
        'USS / 0',
        'FPM CPU %',
      ],
      rows,
    ),
  );
  // The 2 s row's difference is a few clock ticks; the 200 ms row's cost per reading, at 2 s,
  // is the steadier estimate of the default.
  const peerCpu = of('off').map((r) => r.cpuPercent);
  const fast = perReading('200ms');
  console.log(
    `\nCPU is counted in ${1000 / clockTicks} ms clock ticks (${((1000 / clockTicks / WINDOW_MS) * 100).toFixed(2)} % of a core over a window). The peer's CPU over the rounds: ${peerCpu.map((v) => v.toFixed(2)).join(', ')} %. At 200 ms's ${fast.toFixed(2)} ms a reading, the default 2 s costs ${(fast / 20).toFixed(2)} % of a core (${fast.toFixed(2)} ms every 2 s).`,
  );
  const latency = results.find((r) => r.latency !== null)?.latency;
  if (!latency) return;
  const q = (key, p) =>
    percentile(
      latency.ticks.map((t) => t[key]),
      p,
    ).toFixed(2);
  const row = (label, key) => [label, q(key, 50), q(key, 95), q(key, 99)];
  console.log(
    `\nOne reading as crew's tick makes it, timed in the bench (${READS} in a row, ${latency.ticks[0].children} children on the page), ms\n`,
  );
  console.log(
    markdownTable(
      ['part of a tick', 'p50', 'p95', 'p99'],
      [
        row('status page `?json&full` (readFpmStatus)', 'statusMs'),
        row(
          `smaps_rollup of ${latency.ticks[0].children} children + master (in parallel)`,
          'memoryMs',
        ),
        row('the whole tick', 'tickMs'),
      ],
    ),
  );
  console.log(
    `\nCPU of the bench's process per tick: ${latency.cpuMsPerTick.toFixed(2)} ms (user ${latency.userMsPerTick.toFixed(2)}, kernel ${latency.systemMsPerTick.toFixed(2)}).`,
  );
}

// Part 2 ------------------------------------------------------------------------------------

// The pool's tree as crew's stats give it (what `crew stats --json` prints), and the same
// tree read here from /proc as a check.
async function sampleTree(run) {
  const at = performance.now();
  const stats = await callDaemon(run.socket, 'stats');
  const pool = stats.pools.find((p) => p.name === 'web');
  const entry = stats.fpm?.find((e) => e.fpm_pool === FPM_POOL) ?? null;
  const master = pool?.processes[0]?.pid ?? null;
  let procPss = 0;
  let procChildren = 0;
  if (master !== null) {
    for (const pid of [master, ...listChildPids(master)]) {
      try {
        procPss += readMemoryBytes(pid).pssBytes;
        if (pid !== master) procChildren += 1;
      } catch {
        // Gone since it was listed.
      }
    }
  }
  return {
    at,
    crewPssBytes: pool?.pss_bytes ?? null,
    crewChildren: entry === null ? null : entry.children.length,
    active: entry?.status?.active ?? null,
    procPssBytes: procPss,
    procChildren,
  };
}

async function runPhase(label, run, schedule) {
  const scriptFilename = join(run.dir, 'work.php');
  const request = fpmRequester({
    listen: run.listen,
    path: '/work.php',
    scriptFilename,
    timeoutMs: REQUEST_TIMEOUT_MS,
  });
  const samples = [];
  let sampling = true;
  const startedAt = performance.now();
  const sampler = (async () => {
    while (sampling) {
      const tickAt = performance.now();
      const sample = await sampleTree(run);
      samples.push({ ...sample, at: sample.at - startedAt });
      await sleep(Math.max(0, SAMPLE_MS - (performance.now() - tickAt)));
    }
  })();
  log(`${label}: ${schedule.length} requests over ${LOAD.seconds} s`);
  const load = await playSchedule(schedule, request, { maxInFlight: MAX_IN_FLIGHT });
  sampling = false;
  await sampler;
  const summary = summarizeLoad(load.results);
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const crewPss = samples.map((s) => s.crewPssBytes).filter((v) => v !== null);
  const crewChildren = samples.map((s) => s.crewChildren).filter((v) => v !== null);
  log(
    `${label}: p95 ${summary.p95Ms.toFixed(1)} ms, ${summary.errors} errors, ${samples.length} samples`,
  );
  return {
    label,
    load: { ...summary, peakInFlight: load.peakInFlight, waitedForSlot: load.waitedForSlot },
    meanPssBytes: mean(crewPss),
    maxPssBytes: Math.max(...crewPss),
    meanChildren: mean(crewChildren),
    maxChildren: Math.max(...crewChildren),
    procMeanPssBytes: mean(samples.map((s) => s.procPssBytes)),
    procMaxPssBytes: Math.max(...samples.map((s) => s.procPssBytes)),
    procMeanChildren: mean(samples.map((s) => s.procChildren)),
    procMaxChildren: Math.max(...samples.map((s) => s.procChildren)),
    samples,
    requests: load.results,
  };
}

// The pm lines of the FPM file as written now.
function readPmSettings(conf) {
  const settings = {};
  for (const line of readFileSync(conf, 'utf8').split('\n')) {
    const match = /^\s*(pm(?:\.[a-z_]+)?)\s*=\s*(.+?)\s*$/.exec(line);
    if (match && match[1] !== 'pm.status_path') settings[match[1]] = match[2];
  }
  return settings;
}

// The FPM pool's status page until it answers; resolves with its status.
function pageAnswers(run, what, ok = () => true) {
  return waitFor(
    what,
    async () => {
      const read = await readFpmStatus({ listen: run.listen, path: '/status', full: false });
      return read.ok && ok(read.status) ? read.status : null;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
}

// crew's own view ready: a status reading newer than `sinceMs`, every child on it measured.
function crewHasRead(run, what, sinceMs) {
  return waitFor(
    what,
    async () => {
      const stats = await callDaemon(run.socket, 'stats');
      const entry = stats.fpm?.find((e) => e.fpm_pool === FPM_POOL);
      if (!entry?.status || Date.parse(entry.status.at) <= sinceMs) return null;
      return entry.children.every((c) => c.pss_bytes !== null) ? entry : null;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

async function measurePm() {
  const run = prepare('pm', null, SEED);
  const schedule = buildSchedule(LOAD);
  const { daemon, master } = await startCrew(run, 'seed');
  try {
    await pageAnswers(run, 'seed: the status page answers');
    await crewHasRead(run, 'seed: crew read the status page and measured the children', 0);
    const seed = await runPhase('seed', run, schedule);

    log('crew plan, then crew plan --apply');
    const plan = await runTimed([crewBin, '-c', run.file, 'plan'], { cwd: run.dir });
    if (plan.code !== 0) throw new Error(`crew plan exited ${plan.code}: ${plan.stderr}`);
    const startTime = (await pageAnswers(run, 'before apply')).startTime;
    const apply = await runTimed([crewBin, '-c', run.file, 'plan', '--apply'], { cwd: run.dir });
    if (apply.code !== 0)
      throw new Error(`crew plan --apply exited ${apply.code}: ${apply.stderr}`);
    const applied = readPmSettings(run.conf);
    const reloadedAt = Date.now();
    const changed = !/nothing to apply/.test(apply.stdout);
    if (changed) {
      // FPM's graceful reload re-executes the master: the page answers with a new start time
      // once the old children have finished.
      await pageAnswers(run, 'FPM reloaded with the plan', (s) => s.startTime !== startTime);
    }
    await crewHasRead(run, 'crew read the reloaded FPM', reloadedAt);
    const samePid = listChildPids(daemon.pid).includes(master);
    const planned = await runPhase('planned', run, schedule);
    return {
      schedule: { ...LOAD, requests: schedule.length },
      seedSettings: SEED,
      appliedSettings: applied,
      changed,
      masterKept: samePid,
      plan: plan.stdout,
      apply: apply.stdout,
      seed,
      planned,
    };
  } catch (error) {
    throw new Error(`${error.message}\n--- daemon log ---\n${daemon.log()}`);
  } finally {
    await stopCrew(daemon);
  }
}

function printPm(result, calibration) {
  const { seed, planned } = result;
  const seen = /\d+ status readings?/.exec(result.plan)?.[0] ?? 'status readings';
  const ratio = (a, b) => (b === 0 || !Number.isFinite(a / b) ? '—' : `${(a / b).toFixed(2)}×`);
  const mib = (v) => (v / MIB).toFixed(1);
  const row = (label, a, b, format) => [label, format(a), format(b), ratio(b, a)];
  const ms = (v) => v.toFixed(1);
  const n1 = (v) => v.toFixed(1);
  const n0 = (v) => v.toFixed(0);
  console.log(
    `\nPart 2: FPM on the seed's settings vs crew's plan, the same ${result.schedule.requests} requests (${LOAD.rate}/s for ${LOAD.seconds} s, + ${LOAD.burst.concurrency} at once every ${LOAD.burst.everyMs} ms for ${LOAD.burst.ms / 1000} s from ${LOAD.burst.atMs / 1000} s); pool tree sampled every ${SAMPLE_MS} ms. The burst's ${LOAD.burst.everyMs} ms is how long one request took while ${calibration.concurrency} ran at once against part 1's 10 static children (p50; ${calibration.perSecond.toFixed(0)} requests/s), so it keeps about ${calibration.concurrency} in flight, with the steady stream on top\n`,
  );
  console.log(
    markdownTable(
      ['figure', 'seed', 'planned', 'planned / seed'],
      [
        row('tree PSS mean, MiB (crew stats)', seed.meanPssBytes, planned.meanPssBytes, mib),
        row('tree PSS max, MiB (crew stats)', seed.maxPssBytes, planned.maxPssBytes, mib),
        row("children mean (crew's fpm entry)", seed.meanChildren, planned.meanChildren, n1),
        row("children max (crew's fpm entry)", seed.maxChildren, planned.maxChildren, n0),
        row('request p50, ms', seed.load.p50Ms, planned.load.p50Ms, ms),
        row('request p95, ms', seed.load.p95Ms, planned.load.p95Ms, ms),
        row('request p99, ms', seed.load.p99Ms, planned.load.p99Ms, ms),
        row('request max, ms', seed.load.maxMs, planned.load.maxMs, ms),
        row('errors', seed.load.errors, planned.load.errors, n0),
        row(
          'children that served a request',
          seed.load.childrenServing,
          planned.load.childrenServing,
          n0,
        ),
        row(
          'check: tree PSS mean, MiB (/proc here)',
          seed.procMeanPssBytes,
          planned.procMeanPssBytes,
          mib,
        ),
        row(
          'check: tree PSS max, MiB (/proc here)',
          seed.procMaxPssBytes,
          planned.procMaxPssBytes,
          mib,
        ),
        row(
          'check: children mean (/proc here)',
          seed.procMeanChildren,
          planned.procMeanChildren,
          n1,
        ),
        row(
          'check: requests in flight, peak',
          seed.load.peakInFlight,
          planned.load.peakInFlight,
          n0,
        ),
      ],
    ),
  );
  const keys = [
    ...new Set([...Object.keys(result.seedSettings), ...Object.keys(result.appliedSettings)]),
  ];
  console.log(
    "\nSettings: the seed's, and crew's plan as read back from the FPM file after `crew plan --apply`\n",
  );
  console.log(
    markdownTable(
      ['setting', 'seed', 'planned'],
      keys.map((k) => [
        k,
        String(result.seedSettings[k] ?? '(unset)'),
        result.appliedSettings[k] ?? '(unset)',
      ]),
    ),
  );
  console.log('\n`crew plan` after the seed phase:\n');
  console.log(['```', result.plan.trimEnd(), '```'].join('\n'));
  console.log('\n`crew plan --apply` right after (it plans again, with one more reading):\n');
  console.log(['```', result.apply.trimEnd(), '```'].join('\n'));
  console.log(
    `\ncrew plan saw only this run's load: its own ${seen} (every 2 s, the default) from FPM's start through the seed phase, ${LOAD.seconds} s of these requests and the few seconds before them, not a day of real traffic; it plans from nothing else. FPM's master was ${result.masterKept ? 'kept' : 'NOT kept'} through the reload.`,
  );
  // How the children followed the load: FPM's dynamic pm adds children once a second.
  const every2s = (phase) =>
    phase.samples
      .filter((_, i) => i % Math.round(2000 / SAMPLE_MS) === 0)
      .map((s) => s.procChildren)
      .join(' ');
  console.log(`\nChildren every 2 s from the load's start (/proc), seed:    ${every2s(seed)}`);
  console.log(`Children every 2 s from the load's start (/proc), planned: ${every2s(planned)}`);
  for (const [label, phase] of [
    ['seed', seed],
    ['planned', planned],
  ]) {
    if (phase.load.errors > 0) console.log(`${label} errors: ${phase.load.firstErrors.join('; ')}`);
  }
}

async function main() {
  log(`${phpFpmVersion}; ${ROUNDS} round(s) of ${SCENARIOS.length} scenarios, then seed vs plan`);
  const reading = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? SCENARIOS : [...SCENARIOS].reverse();
    for (const scenario of order) {
      log(`round ${round + 1}, status_interval ${scenario.interval}`);
      reading.push(await measureReading(scenario, round));
    }
  }
  const calibration = reading.find((r) => r.calibration !== null).calibration;
  if (calibration.errors > 0) throw new Error(`calibration: ${calibration.errors} requests failed`);
  LOAD.burst.everyMs = Math.max(1, Math.round(calibration.p50Ms));
  log(
    `${CALIBRATE.concurrency} at once: ${calibration.p50Ms.toFixed(0)} ms a request (p50), ${calibration.perSecond.toFixed(0)}/s; the burst is ${CALIBRATE.concurrency} every ${LOAD.burst.everyMs} ms`,
  );
  const pm = await measurePm();
  printReadingCost(reading);
  printPm(pm, calibration);
  // Every daemon has stopped: anything of the run still alive outlived it.
  const leftovers = killLeftovers();
  const path = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    machine: describeMachine({ phpFpm, phpFpmVersion, loadavgAtStart, loadavgAtEnd: loadavg() }),
    reading: {
      settleMs: SETTLE_MS,
      windowMs: WINDOW_MS,
      children: STATIC_CHILDREN,
      results: reading,
    },
    pm,
    leftovers,
  });
  log(`raw samples: ${path}`);
  if (leftovers.length > 0) throw new Error(`processes outlived their daemon: ${leftovers}`);
}

await runGuarded(main, {
  deadlineMs: DEADLINE_MS,
  log,
  cleanUp,
  kill: () => current?.child.kill('SIGKILL'),
  finish: async () => {
    if (current) await stopCrew(current);
  },
});
