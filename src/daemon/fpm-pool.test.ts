// An fpm: pool end to end, against Debian's php-fpm 8.2: `crew up` runs the master, measures
// every child and reads the status page while requests run; `crew reload` after an edit of
// FPM's file is FPM's graceful reload (same master, in-flight requests answered); FPM's
// max_requests replaces a child; `crew plan --apply` writes pm settings in place and reloads,
// `crew rollback` writes them back; a status page that stops answering is an event, then one
// when it answers again, and crew runs on.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { httpUrlOf, runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness } from '../cli/test-support/up-harness.js';
import type { FpmPoolJson } from '../control/wire/fpm.js';
import type { ProcessStatusJson } from '../control/wire/process.js';
import { fetchFpm } from '../fpm/status/fetch.js';
import { phpFpmMissing } from '../fpm/status/test-support/php-fpm.js';
import { chromiumSkipReason, launchChromium } from '../observe/test-support/chromium.js';
import { handlersPath } from '../worker/test-support/workers.js';

const missing = phpFpmMissing();
if (missing !== null && process.env.CI === 'true') {
  throw new Error(`CI must run the fpm: pool tests: ${missing}`);
}
if (missing !== null) console.log(`# skipping the fpm: pool tests: ${missing}`);

const { daemons, workspace } = createUpHarness();
const root = process.getuid?.() === 0;

// A request waits until the file named by ?wait= exists, then answers with its child's pid.
const SLOW = `<?php
$wait = $_GET['wait'] ?? '';
while ($wait !== '' && !file_exists($wait)) usleep(5000);
echo getmypid();
`;

function fpmConf(dir: string, www: Record<string, string | number>): string {
  const user = root ? ['user = nobody', 'group = nogroup'] : [];
  const settings = Object.entries(www).map(([key, value]) => `${key} = ${value}`);
  return [
    '[global]',
    '; in-flight requests get this long on a reload or a stop',
    'process_control_timeout = 20s',
    '',
    '[www]',
    ...user,
    `listen = ${join(dir, 'www.sock')}`,
    '; the web pool, tuned by hand',
    ...settings,
    'pm.status_path = /status',
    'ping.path = /ping',
    '',
    '[leaky]',
    ...user,
    `listen = ${join(dir, 'leaky.sock')}`,
    'pm = static',
    'pm.max_children = 1',
    'pm.max_requests = 5',
    '',
  ].join('\n');
}

const HAND = {
  pm: 'dynamic',
  'pm.max_children': 4,
  'pm.start_servers': 2,
  'pm.min_spare_servers': 1,
  'pm.max_spare_servers': 3,
};

function setUp(extraPools = '') {
  const { dir, file } = workspace(`http: false
budget: { limit: 2GiB, scope: crew }
pools:
  web:
    fpm:
      config: php-fpm.conf
      status_interval: 200ms
    stop_timeout: 30s
${extraPools}`);
  // php-fpm's children (nobody, as root) read the scripts and reach the sockets.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'php-fpm.conf');
  writeFileSync(conf, fpmConf(dir, HAND));
  writeFileSync(join(dir, 'slow.php'), SLOW);
  return { dir, file, conf };
}

interface StatusAnswer {
  readonly processes: ProcessStatusJson[];
  readonly fpm?: FpmPoolJson[];
}

async function status(file: string, dir: string): Promise<StatusAnswer> {
  const run = await runCrew(['-c', file, 'status', '--json'], dir);
  return JSON.parse(run.stdout) as StatusAnswer;
}

// Asks `crew status --json` until `ok` holds (each answer is a new reading), or fails.
async function until(
  file: string,
  dir: string,
  ok: (s: StatusAnswer) => boolean,
  what: string,
): Promise<StatusAnswer> {
  const deadline = Date.now() + 30_000;
  let last: StatusAnswer | null = null;
  while (Date.now() < deadline) {
    last = await status(file, dir);
    if (ok(last)) return last;
  }
  throw new Error(`${what} never happened; last status: ${JSON.stringify(last, null, 1)}`);
}

const www = (s: StatusAnswer) => s.fpm?.find((e) => e.fpm_pool === 'www');
const leaky = (s: StatusAnswer) => s.fpm?.find((e) => e.fpm_pool === 'leaky');

function request(dir: string, pool: 'www' | 'leaky', wait?: string) {
  return fetchFpm({
    listen: join(dir, `${pool}.sock`),
    path: '/slow.php',
    scriptFilename: join(dir, 'slow.php'),
    ...(wait === undefined ? {} : { query: `wait=${wait}` }),
    timeoutMs: 60_000,
  });
}

describe('an fpm: pool', { skip: missing ?? false }, () => {
  test('children measured, status read while requests run, reload is graceful, max_requests recycles', async () => {
    const { dir, file, conf } = setUp();
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    await daemon.waitForLog('success: web_00 entered RUNNING');
    assert.match(daemon.log(), /spawned: 'web_00'/);

    // Every child of both FPM pools is listed with its own PSS; the master's tree holds them.
    const up = await until(
      file,
      dir,
      (s) =>
        (www(s)?.children.length ?? 0) >= 2 && www(s)!.children.every((c) => c.pss_bytes !== null),
      'the www children read',
    );
    const master = up.processes.find((p) => p.pool === 'web')!;
    // [leaky] has no pm.status_path (each read would count toward its max_requests): not read.
    assert.equal(leaky(up)!.status, null);
    assert.match(leaky(up)!.problem!, /^no pm\.status_path in \[leaky\]/);
    const children = www(up)!.children;
    const summed = children.reduce((sum, c) => sum + c.pss_bytes!, 0);
    assert.ok(summed > 0 && master.pss_bytes !== null, JSON.stringify(up));
    assert.ok(
      summed < master.pss_bytes!,
      `the children (${summed}) are part of the master's tree (${master.pss_bytes})`,
    );
    assert.equal(www(up)!.pm, 'dynamic');
    assert.equal(www(up)!.max_children, 4);
    const line = readFileSync(conf, 'utf8').split('\n').indexOf('pm.max_children = 4') + 1;
    assert.equal(www(up)!.max_children_at, `${conf}:${line}`);
    assert.ok(www(up)!.child_p95_bytes! > 0);
    // The worst case: a master (the median of its readings) + pm.max_children × that child.
    const masterPart = www(up)!.worst_case_bytes! - 4 * www(up)!.child_p95_bytes!;
    assert.ok(
      masterPart > 0 && masterPart < 2 * www(up)!.master_pss_bytes!,
      `worst case ${www(up)!.worst_case_bytes} = master ${masterPart} + 4 × ${www(up)!.child_p95_bytes}`,
    );

    // Three requests held open: the status page (crew's own read not counted) shows them.
    const go = join(dir, 'go');
    const held = [1, 2, 3].map(() => request(dir, 'www', go));
    const busy = await until(file, dir, (s) => www(s)?.status?.active === 3, 'active 3');
    assert.equal(
      www(busy)!.children.filter((c) => c.state === 'Running' && !c.serving_crew).length,
      3,
    );
    const text = await runCrew(['-c', file, 'status'], dir);
    assert.match(
      text.stdout,
      /php-fpm \[www\] dynamic: active 3\/4, idle \d+, queue 0, max children reached \d+, slow 0/,
    );
    assert.match(
      text.stdout,
      /php-fpm \[leaky\] static: max_children 1\n\s+status page: no pm\.status_path/,
    );
    const stats = await runCrew(['-c', file, 'stats', '--processes'], dir);
    assert.match(stats.stdout, /php-fpm \[www\] running\s+web\s+\d+\s+[\d.]+ [KM]iB/);

    // An edit of FPM's file and `crew reload`: FPM's graceful reload, the master kept, the
    // requests under way answered once released.
    writeFileSync(conf, fpmConf(dir, { ...HAND, 'pm.max_children': 5 }));
    const reload = await runCrew(['-c', file, 'reload'], dir);
    assert.equal(reload.code, 0, reload.stderr);
    assert.match(reload.stdout, /web: changed php-fpm \(www pm\.max_children 4→5\)/);
    await daemon.waitForLog('Reloading in progress');
    writeFileSync(go, '');
    for (const answer of await Promise.all(held)) {
      assert.equal(answer.ok, true, JSON.stringify(answer));
      if (answer.ok) assert.match(answer.body, /^\d+$/);
    }
    const reloaded = await until(
      file,
      dir,
      (s) => www(s)?.max_children === 5 && www(s)?.problem === null && www(s)?.status !== null,
      'the reloaded settings read',
    );
    assert.equal(reloaded.processes.find((p) => p.pool === 'web')!.pid, master.pid);
    const after = await request(dir, 'www');
    assert.equal(after.ok, true);

    // FPM's max_requests: the [leaky] child answers 5 requests, then a new child does.
    const pids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await request(dir, 'leaky');
      assert.equal(answer.ok, true);
      if (answer.ok) pids.push(answer.body);
    }
    assert.equal(new Set(pids.slice(0, 5)).size, 1, pids.join(' '));
    assert.notEqual(pids[5], pids[0], pids.join(' '));

    // A stop is FPM's graceful one (QUIT to the master alone).
    daemon.child.kill('SIGTERM');
    assert.equal(await daemon.exited, 0, daemon.log());
    assert.match(daemon.log(), /exiting, bye-bye/);
  });

  test('crew plan fits pm, --apply writes it in place and reloads; rollback writes it back', async () => {
    const { dir, file, conf } = setUp(`  jobs:
    handlers: ${handlersPath}
    processes: 1..2
`);
    const before = readFileSync(conf, 'utf8');
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    await daemon.waitForLog('success: web_00 entered RUNNING');
    const first = await until(
      file,
      dir,
      (s) => www(s)?.status !== null && www(s) !== undefined,
      'www read',
    );
    const masterPid = first.processes.find((p) => p.pool === 'web')!.pid;

    const plan = await runCrew(['-c', file, 'plan'], dir);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(
      plan.stdout,
      /php-fpm web \[www\]: child [\d.]+ [KM]iB \(p95\), \d+ status readings?, room [\d.]+ [KMG]iB/,
    );
    // No requests but crew's own reads: ondemand, at least 2 children.
    assert.match(plan.stdout, /pm\s+dynamic\s+ondemand\s+no requests in/);
    assert.match(plan.stdout, /pm\.max_children\s+4\s+2\s+peak 0 busy/);

    const applied = await runCrew(['-c', file, 'plan', '--apply'], dir);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, new RegExp(`wrote ${conf}`));
    assert.match(
      applied.stdout,
      /applied version \d+: web: changed php-fpm \(www pm dynamic→ondemand, www pm\.max_children 4→2, www pm\.max_requests 0→500\)/,
    );
    const written = readFileSync(conf, 'utf8');
    assert.match(written, /^pm = ondemand$/m);
    assert.match(written, /^pm\.max_children = 2$/m);
    // Comments and the other pool's lines are kept as written.
    assert.match(written, /^; the web pool, tuned by hand$/m);
    assert.equal(written.split('[leaky]')[1], before.split('[leaky]')[1]);
    await until(file, dir, (s) => www(s)?.max_children === 2, 'FPM reloaded with the plan');
    const history = await runCrew(['-c', file, 'history'], dir);
    assert.match(history.stdout, /reload\s+web: changed php-fpm \(www pm dynamic→ondemand/);

    const rolled = await runCrew(['-c', file, 'rollback'], dir);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(
      rolled.stdout,
      /www pm ondemand→dynamic, www pm\.max_children 2→4, www pm\.max_requests 500→0\)/,
    );
    const back = readFileSync(conf, 'utf8');
    for (const [key, value] of Object.entries(HAND))
      assert.match(back, new RegExp(`^${key.replaceAll('.', '\\.')} = ${value}$`, 'm'));
    const restored = await until(file, dir, (s) => www(s)?.max_children === 4, 'the rollback read');
    assert.equal(restored.processes.find((p) => p.pool === 'web')!.pid, masterPid);
  });

  test("the seed's stack: FPM beside seven queue pools in status, stats, /metrics and the dashboard", async () => {
    const queues = [
      'payments',
      'provisioning',
      'router-checks',
      'router-data',
      'dashboard',
      'default',
      'log-rotation',
    ];
    const pools = queues
      .map((q) => `  ${q}:\n    handlers: ${handlersPath}\n    queues: [${q}]\n    startsecs: 0\n`)
      .join('');
    const { dir, file } = setUp(pools);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('http: false', 'http: { listen: "127.0.0.1:0" }'),
    );
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    const url = await httpUrlOf(daemon);
    await daemon.waitForLog('success: web_00 entered RUNNING');
    await until(file, dir, (s) => www(s)?.status !== null && www(s) !== undefined, 'www read');

    const text = await runCrew(['-c', file, 'status'], dir);
    for (const q of queues) assert.match(text.stdout, new RegExp(`^${q}:${q}_00\\s+RUNNING`, 'm'));
    assert.match(
      text.stdout,
      /^web:web_00\s+RUNNING[^\n]+PSS [\d.]+ MiB\n\s+php-fpm \[www\] dynamic: active 0\/4, idle 2/m,
    );
    const stats = await runCrew(['-c', file, 'stats'], dir);
    assert.match(stats.stdout, /^web\s+1\s+[\d.]+ MiB/m);
    assert.match(stats.stdout, /^payments\s+1\s+[\d.]+ MiB/m);
    assert.match(stats.stdout, /^web: php-fpm \[www\] dynamic: active 0\/4/m);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /^crew_fpm_processes\{pool="web",fpm_pool="www",state="idle"\} 2$/m);
    assert.match(metrics, /^crew_fpm_max_children\{pool="web",fpm_pool="www"\} 4$/m);
    assert.match(metrics, /^crew_fpm_up\{pool="web",fpm_pool="www"\} 1$/m);

    const skipBrowser = chromiumSkipReason();
    if (skipBrowser !== false) return;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(url);
      await page.waitForSelector('#fpm li[data-fpm-pool="www"]');
      const card = await page.textContent('#fpm li[data-fpm-pool="www"]');
      assert.match(card ?? '', /web: php-fpm \[www\] dynamic — active 0\/4 · idle 2/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('a status page that stops answering is an event, and so is its return; crew runs on', async () => {
    const { dir, file } = setUp();
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    await daemon.waitForLog('success: web_00 entered RUNNING');
    const up = await until(file, dir, (s) => (www(s)?.children.length ?? 0) >= 2, 'www children');
    // Every www child stopped: the page's request waits in the socket's backlog.
    const stopped = www(up)!.children.map((c) => c.pid);
    for (const pid of stopped) process.kill(pid, 'SIGSTOP');
    try {
      await daemon.waitForLog(/fpm: web \[www\] status page does not answer: .+/);
    } finally {
      for (const pid of stopped) process.kill(pid, 'SIGCONT');
    }
    await daemon.waitForLog(/fpm: web \[www\] status page answers again after [\d.]+ s/);
    const s = await status(file, dir);
    assert.equal(s.processes.find((p) => p.pool === 'web')!.state, 'RUNNING');
  });
});
