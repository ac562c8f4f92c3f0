// What HTTP observation costs the daemon: crew with the reference deployment (seven pools, 17
// idle Node workers) run once per scenario in the same run, `http: false` being the peer the
// others are held against: HTTP on and idle; the dashboard's traffic (an /events stream, /status
// and /history?since every 2 s, as dashboard/app.js does); Prometheus scraping /metrics every
// 5 s; and the real dashboard open in headless Chromium when /usr/bin/chromium exists.
// Run: npm run bench -- observe (or node bench/observe.mjs after a build).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { killProcessesMentioning, readMemoryBytes } from './lib/proc.mjs';
import { describeMachine, median, writeResult } from './lib/report.mjs';
import { sleep, startDaemon, stopDaemon, waitFor } from './lib/run.mjs';

const NAME = 'observe';
const POOLS = [
  ['default', 2],
  ['router-checks', 2],
  ['router-data', 3],
  ['log-rotation', 1],
  ['payments', 4],
  ['provisioning', 3],
  ['dashboard', 2],
];
const SETTLE_MS = 5000;
const WINDOW_MS = 15_000;
const DASHBOARD_POLL_MS = 2000;
const SCRAPE_MS = 5000;
const DEADLINE_MS = 170_000;
const MIB = 1024 ** 2;
const CHROMIUM = '/usr/bin/chromium';
const crewBin = new URL('../bin/crew.js', import.meta.url).pathname;
const log = (line) => console.error(`bench | ${line}`);

const root = mkdtempSync(join(tmpdir(), 'crew-bench-observe-'));
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const deadline = setTimeout(() => {
  log(`gave up after ${DEADLINE_MS / 1000} s`);
  cleanUp();
  process.exit(1);
}, DEADLINE_MS);

function cleanUp() {
  const leftovers = killProcessesMentioning(root);
  if (process.env.CREW_BENCH_KEEP === '1') log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
  return leftovers;
}

function writeConfig(dir, http) {
  const worker = join(root, 'idle-worker.js');
  const pools = POOLS.flatMap(([name, n]) => [
    `  ${name}:`,
    `    command: ${JSON.stringify([process.execPath, worker, `--queue=${name}`])}`,
    `    processes: ${n}`,
    '    startsecs: 1s',
  ]);
  const file = join(dir, 'crew.yaml');
  writeFileSync(file, `http: ${http}\nbudget: 400MiB\npools:\n${pools.join('\n')}\n`);
  return file;
}

// utime + stime of a process, in ms.
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

// The dashboard's traffic: one /events stream, then /status and /history?since every 2 s.
function dashboardClient(url) {
  const aborter = new AbortController();
  let since = null;
  let requests = 0;
  const drain = async () => {
    const response = await fetch(`${url}/events`, { signal: aborter.signal });
    for await (const _chunk of response.body) {
      // Events are read and dropped, as a tab that only draws them.
    }
  };
  const poll = async () => {
    const [, history] = await Promise.all([
      fetch(`${url}/status`).then((r) => r.json()),
      fetch(since === null ? `${url}/history` : `${url}/history?since=${since}`).then((r) =>
        r.json(),
      ),
    ]);
    since = history.at.at(-1) ?? since;
    requests += 2;
  };
  drain().catch(() => {});
  const timer = setInterval(() => poll().catch(() => {}), DASHBOARD_POLL_MS);
  poll().catch(() => {});
  return {
    requests: () => requests,
    stop() {
      clearInterval(timer);
      aborter.abort();
    },
  };
}

function scraper(url) {
  let requests = 0;
  const scrape = () =>
    fetch(`${url}/metrics`)
      .then((r) => r.text())
      .then(() => {
        requests += 1;
      });
  scrape().catch(() => {});
  const timer = setInterval(() => scrape().catch(() => {}), SCRAPE_MS);
  return { requests: () => requests, stop: () => clearInterval(timer) };
}

async function chromiumClient(url) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(root, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction("Number(document.getElementById('memory-chart').dataset.points) > 1");
  return { requests: () => null, stop: () => context.close() };
}

const scenarios = [
  { name: 'http: false', http: 'false', client: null },
  { name: 'http on, idle', http: '{ listen: "127.0.0.1:0" }', client: null },
  { name: 'dashboard traffic', http: '{ listen: "127.0.0.1:0" }', client: dashboardClient },
  { name: '/metrics every 5 s', http: '{ listen: "127.0.0.1:0" }', client: scraper },
  ...(existsSync(CHROMIUM)
    ? [{ name: 'dashboard in Chromium', http: '{ listen: "127.0.0.1:0" }', client: chromiumClient }]
    : []),
];

async function measure(scenario, index) {
  const dir = join(root, String(index));
  execFileSync('mkdir', ['-p', dir]);
  const file = writeConfig(dir, scenario.http);
  const daemon = startDaemon([crewBin, '-c', file, 'up'], { cwd: dir, logFile: join(dir, 'log') });
  try {
    const workers = POOLS.reduce((sum, [, n]) => sum + n, 0);
    await waitFor(
      `${scenario.name}: ${workers} processes RUNNING`,
      () => (daemon.log().match(/entered RUNNING/g) ?? []).length >= workers,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const url = /http: listening on (\S+)/.exec(daemon.log())?.[1] ?? null;
    const client = scenario.client && url ? await scenario.client(url) : null;
    await sleep(SETTLE_MS);
    const memory = [];
    const cpuStart = cpuMs(daemon.pid);
    const startedAt = performance.now();
    while (performance.now() - startedAt < WINDOW_MS) {
      memory.push(readMemoryBytes(daemon.pid));
      await sleep(1000);
    }
    const cpuPercent = ((cpuMs(daemon.pid) - cpuStart) / (performance.now() - startedAt)) * 100;
    const requests = client?.requests() ?? null;
    await client?.stop();
    return { scenario: scenario.name, url, memory, cpuPercent, requests };
  } catch (error) {
    throw new Error(`${error.message}\n--- daemon log ---\n${daemon.log()}`);
  } finally {
    await stopDaemon(daemon);
  }
}

function printRows(results) {
  const base = results[0];
  const pss = (r) => median(r.memory.map((m) => m.pssBytes)) / MIB;
  const uss = (r) => median(r.memory.map((m) => m.ussBytes)) / MIB;
  const rss = (r) => median(r.memory.map((m) => m.rssBytes)) / MIB;
  const header = [
    'scenario',
    'PSS MiB',
    'USS MiB',
    'RSS MiB',
    'CPU % of a core',
    'PSS / off',
    'CPU / off',
  ];
  const rows = results.map((r) => [
    r.scenario,
    pss(r).toFixed(1),
    uss(r).toFixed(1),
    rss(r).toFixed(1),
    r.cpuPercent.toFixed(2),
    `${(pss(r) / pss(base)).toFixed(2)}×`,
    `${(r.cpuPercent / base.cpuPercent).toFixed(2)}×`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (cells) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(
    [
      line(header),
      `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
      ...rows.map(line),
    ].join('\n'),
  );
}

async function main() {
  writeFileSync(join(root, 'idle-worker.js'), 'setInterval(() => {}, 1e9);\n');
  const results = [];
  for (const [index, scenario] of scenarios.entries()) {
    log(`${scenario.name}: starting 17 workers`);
    results.push(await measure(scenario, index));
  }
  printRows(results);
  const leftovers = cleanUp();
  const path = writeResult(NAME, {
    date: new Date().toISOString(),
    machine: describeMachine(),
    settleMs: SETTLE_MS,
    windowMs: WINDOW_MS,
    results,
    leftovers,
  });
  log(`raw samples: ${path}`);
  if (leftovers.length > 0) throw new Error(`processes outlived their daemon: ${leftovers}`);
}

main()
  .catch((error) => {
    console.error(error);
    cleanUp();
    process.exitCode = 1;
  })
  .finally(() => clearTimeout(deadline));
