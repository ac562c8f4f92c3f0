// What the memory sampler costs: 50 idle Node workers (each holding 20 MiB), sampled every
// second for 20 s by createSampler from dist/, next to an idle baseline of the same length
// without the sampler. Reports the sampler's CPU as % of one core, ms per tick, heap growth, and
// how far its carried-forward PSS is from a fresh read; prints a table, writes JSON.
// Run: npm run bench -- sampler (or node bench/sampler.mjs after a build).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { killProcessesMentioning, readMemoryBytes } from './lib/proc.mjs';
import { describeMachine, median, writeResult } from './lib/report.mjs';
import { runGuarded, sleep, waitFor } from './lib/run.mjs';

const NAME = 'sampler';
const WORKERS = 50;
const WORKER_MIB = 20;
const INTERVAL_MS = 1000;
const RUN_MS = 20_000;
const SETTLE_MS = 2000;
const DEADLINE_MS = 115_000;
const MIB = 1024 ** 2;

const log = (line) => console.error(`bench | ${line}`);
const distIndex = new URL('../dist/memory/index.js', import.meta.url).pathname;
if (!existsSync(distIndex)) {
  log(`${distIndex} is missing: run \`npm run build\``);
  process.exit(1);
}
const { createSampler } = await import(distIndex);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const root = mkdtempSync(join(tmpdir(), 'crew-bench-sampler-'));
const workers = [];

// Kills the workers and waits until each has exited.
async function stopWorkers() {
  const exits = workers
    .filter((child) => child.exitCode === null && child.signalCode === null)
    .map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of workers) child.kill('SIGKILL');
  await Promise.all(exits);
}

// Kills whatever still runs from the temp dir and removes it; returns the leftovers killed.
function cleanUp() {
  const leftovers = killProcessesMentioning(root);
  if (process.env.CREW_BENCH_KEEP === '1') log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
  return leftovers;
}

async function startWorkers() {
  const script = join(root, 'idle-worker.js');
  writeFileSync(
    script,
    `const held = Buffer.alloc(${WORKER_MIB} * 1024 * 1024, 1);\n` +
      "process.stdout.write('ready\\n');\nsetInterval(() => {}, 1e9);\n",
  );
  let ready = 0;
  for (let i = 0; i < WORKERS; i++) {
    const child = spawn(process.execPath, [script, `--worker=${i}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.once('data', () => {
      ready++;
      child.stdout.destroy();
    });
    workers.push(child);
  }
  await waitFor(`${WORKERS} workers ready`, () => ready === WORKERS, {
    timeoutMs: 60_000,
    intervalMs: 50,
  });
}

// CPU time of this process (all its threads) over `ms` of wall time.
async function measureCpu(ms) {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  await sleep(ms);
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  return { wallMs, userMs: cpu.user / 1000, systemMs: cpu.system / 1000 };
}

// The longest stretch the event loop was held during each of `count` ticks, from a
// setImmediate chain that notes the gap between its turns (it spins: run apart from the CPU runs).
async function measureLoopBlocking(sampler, count) {
  let longest = 0;
  let last = performance.now();
  let spinning = true;
  const spin = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  const blocks = [];
  for (let i = 0; i < count; i++) {
    await sampler.sampleNow();
    blocks.push(longest);
    longest = 0;
  }
  spinning = false;
  return blocks;
}

const percentOfCore = (run) => ((run.userMs + run.systemMs) / run.wallMs) * 100;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  log(`starting ${WORKERS} idle workers of ${WORKER_MIB} MiB`);
  await startWorkers();
  await sleep(SETTLE_MS);
  const targets = workers.map((child, i) => ({
    name: `w${i}`,
    pool: `pool${i % 7}`,
    pid: child.pid,
  }));
  const sampler = createSampler({ intervalMs: INTERVAL_MS, targets: () => targets });

  log(`baseline: ${RUN_MS / 1000} s idle without the sampler`);
  gc();
  const baseline = await measureCpu(RUN_MS);

  // The first tick reads every process in full; it is reported apart, not in the steady state.
  const firstTick = performance.now();
  await sampler.sampleNow();
  const firstTickMs = performance.now() - firstTick;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const ticks = [];
  const unsubscribe = sampler.onSample(() => ticks.push(sampler.stats().lastTickMs));
  log(`sampler: ${RUN_MS / 1000} s at ${INTERVAL_MS} ms`);
  sampler.start();
  const run = await measureCpu(RUN_MS);
  await sampler.stop();
  unsubscribe();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;

  const blocks = await measureLoopBlocking(sampler, 20);

  // How far the carried-forward figures are from a full read made now.
  const latest = await sampler.sampleNow();
  const fresh = latest.processes.map((p) => readMemoryBytes(p.pid));
  const pssErrors = latest.processes.map((p, i) => Math.abs(p.pssBytes - fresh[i].pssBytes));
  const sampledPss = latest.processes.reduce((sum, p) => sum + p.pssBytes, 0);
  const freshPss = fresh.reduce((sum, f) => sum + f.pssBytes, 0);

  const samplerCpu = {
    wallMs: run.wallMs,
    userMs: run.userMs - (baseline.userMs * run.wallMs) / baseline.wallMs,
    systemMs: run.systemMs - (baseline.systemMs * run.wallMs) / baseline.wallMs,
  };
  const rows = [
    ['sampler CPU (run − baseline)', '% of a core', percentOfCore(samplerCpu)],
    ['  of which user', '% of a core', (samplerCpu.userMs / run.wallMs) * 100],
    ['  of which kernel', '% of a core', (samplerCpu.systemMs / run.wallMs) * 100],
    ['process CPU with the sampler', '% of a core', percentOfCore(run)],
    ['idle baseline CPU', '% of a core', percentOfCore(baseline)],
    ['CPU per tick', 'ms', (samplerCpu.userMs + samplerCpu.systemMs) / ticks.length],
    ['tick wall time, median', 'ms', median(ticks)],
    ['tick wall time, p95', 'ms', percentile(ticks, 95)],
    ['first tick (all read in full)', 'ms', firstTickMs],
    ['event loop held per tick, median', 'ms', median(blocks)],
    ['event loop held per tick, max', 'ms', Math.max(...blocks)],
    ['heap growth over the run', 'KiB', (heapAfter - heapBefore) / 1024],
    ['workers PSS, sampled vs read now', 'MiB', (sampledPss - freshPss) / MIB],
    ['worst worker PSS error', 'MiB', Math.max(...pssErrors) / MIB],
  ];
  printRows(rows, `${ticks.length} ticks, ${targets.length} workers`);
  const stats = sampler.stats();
  if (stats.errors > 0) log(`sampler errors: ${stats.errors}, last: ${stats.lastError}`);
  const path = writeResult(NAME, {
    name: NAME,
    date: new Date().toISOString(),
    machine: describeMachine({ crewCommit: describeCommit() }),
    setup: { workers: WORKERS, workerMiB: WORKER_MIB, intervalMs: INTERVAL_MS, runMs: RUN_MS },
    summary: rows.map(([metric, unit, value]) => ({ metric: metric.trim(), unit, value })),
    samples: {
      baseline,
      run,
      tickMs: ticks,
      loopHeldMs: blocks,
      firstTickMs,
      heapBefore,
      heapAfter,
      stats,
    },
  });
  log(`wrote ${path}`);
}

function printRows(rows, caption) {
  const body = rows.map(([metric, unit, value]) => [`${metric} (${unit})`, value.toFixed(2)]);
  const header = ['metric', caption];
  const widths = [0, 1].map((i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const line = ([a, b]) => `| ${a.padEnd(widths[0])} | ${b.padStart(widths[1])} |`;
  const rule = `|:${'-'.repeat(widths[0] + 1)}|${'-'.repeat(widths[1] + 1)}:|`;
  console.log([line(header), rule, ...body.map(line)].join('\n'));
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

await runGuarded(main, {
  deadlineMs: DEADLINE_MS,
  log,
  cleanUp,
  kill: () => {
    for (const child of workers) child.kill('SIGKILL');
  },
  finish: stopWorkers,
});
