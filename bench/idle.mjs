// What an idle fleet costs: `crew up` with one pool of 3 Node worker processes (crew's defaults:
// poll 1 s, concurrency 1) on an empty queue, on SQLite and on PostgreSQL; the CPU time
// (utime + stime from /proc/PID/stat) the three workers and the daemon spend in 60 s of nothing
// to do, after 5 s to settle. Prints ms of CPU per worker per minute and the share of one core.
// CREW_IDLE_ROOT=/path/to/another/checkout (built, with node_modules) measures that checkout's
// bin/crew.js instead of this one: the way to compare before and after a change.
// CREW_IDLE_SECONDS (60) sets the window, CREW_IDLE_STORES (sqlite,postgres) the stores.
// Run: npm run bench -- idle.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, freshSchema } from './lib/pg-schema.mjs';
import { killProcessesMentioning, listChildPids } from './lib/proc.mjs';
import { describeMachine, writeResult } from './lib/report.mjs';
import { runGuarded, sleep, startDaemon, stopDaemon, waitFor } from './lib/run.mjs';

const repo = new URL('..', import.meta.url).pathname;
const crewRoot = process.env.CREW_IDLE_ROOT ?? repo;
const SECONDS = Number(process.env.CREW_IDLE_SECONDS ?? 60);
const STORES = (process.env.CREW_IDLE_STORES ?? 'sqlite,postgres').split(',');
const PG = process.env.CREW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'crew_bench_idle';
const WORKERS = 3;
const TICKS_PER_SEC = 100; // USER_HZ: /proc times are in clock ticks of 10 ms on Linux
const log = (line) => console.error(`bench | ${line}`);

const dir = mkdtempSync(join(tmpdir(), 'crew-bench-idle-'));
const handlers = join(dir, 'jobs.mjs');
writeFileSync(handlers, 'export default { noop: async () => {} };\n');
let daemon = null;

// utime + stime of one process, in ms.
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SEC;
}

async function measure(label, storeUrl) {
  const file = join(dir, `${label}.yaml`);
  writeFileSync(
    file,
    [
      `store: ${JSON.stringify(storeUrl)}`,
      'http: false',
      'pools:',
      '  idle:',
      `    handlers: ${JSON.stringify(handlers)}`,
      '    queues: [idle]',
      `    processes: ${WORKERS}`,
      '',
    ].join('\n'),
  );
  daemon = startDaemon([process.execPath, join(crewRoot, 'bin/crew.js'), '-c', file, 'up'], {
    cwd: dir,
    logFile: join(dir, `${label}.log`),
  });
  const workers = await waitFor(
    `${label}: ${WORKERS} workers`,
    () => {
      if (daemon.child.exitCode !== null) throw new Error(`crew exited:\n${daemon.log()}`);
      const ready = (daemon.log().match(/entered RUNNING state/g) ?? []).length;
      const pids = listChildPids(daemon.pid);
      return ready >= WORKERS && pids.length >= WORKERS ? pids : null;
    },
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  await sleep(5000);
  const before = workers.map(cpuMs);
  const daemonBefore = cpuMs(daemon.pid);
  const startedAt = performance.now();
  await sleep(SECONDS * 1000);
  const elapsedSec = (performance.now() - startedAt) / 1000;
  const spent = workers.map((pid, i) => cpuMs(pid) - before[i]);
  const daemonSpent = cpuMs(daemon.pid) - daemonBefore;
  await stopDaemon(daemon);
  daemon = null;
  const perWorkerPerMin = spent.reduce((a, b) => a + b, 0) / WORKERS / (elapsedSec / 60);
  return {
    label,
    seconds: Math.round(elapsedSec),
    workerMs: spent,
    perWorkerMsPerMin: perWorkerPerMin,
    workersCorePercent: (spent.reduce((a, b) => a + b, 0) / 1000 / elapsedSec) * 100,
    daemonMsPerMin: daemonSpent / (elapsedSec / 60),
  };
}

async function main() {
  log(
    `measuring ${crewRoot === repo ? 'this checkout' : crewRoot}: ${WORKERS} idle workers, ${SECONDS} s`,
  );
  const results = [];
  if (STORES.includes('sqlite'))
    results.push(await measure('sqlite', `sqlite:${join(dir, 'idle.db')}`));
  if (STORES.includes('postgres'))
    results.push(await measure('postgres', await freshSchema(PG, SCHEMA)));
  console.log(
    '| store | CPU ms per worker per minute | 3 workers, % of a core | daemon ms per minute |',
  );
  console.log('|:--|--:|--:|--:|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.perWorkerMsPerMin.toFixed(0)} | ${r.workersCorePercent.toFixed(2)} | ${r.daemonMsPerMin.toFixed(0)} |`,
    );
  }
  const path = writeResult('idle', {
    name: 'idle',
    date: new Date().toISOString(),
    crewRoot,
    machine: describeMachine(),
    results,
  });
  log(`wrote ${path}`);
}

await runGuarded(main, {
  deadlineMs: (SECONDS * 2 + 120) * 1000,
  log,
  kill: () => daemon?.child.kill('SIGKILL'),
  finish: async () => {
    if (daemon) await stopDaemon(daemon);
    await dropSchema(PG, SCHEMA).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  },
  cleanUp: () => killProcessesMentioning(dir),
});
