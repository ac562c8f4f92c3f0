import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixturesDir, httpUrlOf, runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { handlersPath } from '../worker/test-support/workers.js';
import { type Browser, chromiumSkipReason, launchChromium } from './test-support/chromium.js';

// What the predicates below use of the page; they run there, and the tests compile without
// the DOM's types.
interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
};
declare const window: {
  crewDashboard: {
    state: { decisions: unknown[]; history: { processes: Record<string, number[]> } };
  };
};

const artifact = new URL('../../var/test-artifacts/dashboard.png', import.meta.url).pathname;
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const worker = (...args: string[]) =>
  JSON.stringify([process.execPath, join(fixturesDir, args[0]!), ...args.slice(1)]);

test('the dashboard draws memory, processes and decisions and lists every process', {
  skip: chromiumSkipReason(),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-dashboard-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'crew.yaml');
  writeFileSync(
    file,
    `http: { listen: "127.0.0.1:0" }
budget: 400MiB
pools:
  payments:
    command: ${worker('forever.js')}
    processes: 2
    startsecs: 100ms
  router-data:
    command: ${worker('forever.js')}
    processes: 2
    startsecs: 100ms
  log-rotation:
    command: ${worker('crash-after.js', '700', '0')}
    autorestart: true
    startsecs: 100ms
`,
  );
  const crew = startCrew(file, dir);
  cleanups.push(async () => {
    if (crew.child.exitCode === null) crew.child.kill('SIGTERM');
    await crew.exited;
  });
  const url = await httpUrlOf(crew);
  await crew.waitForLog(/router-data_01 entered RUNNING/);
  await crew.waitForLog(/exited: log-rotation_00/);

  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  // Failed loads and content-security-policy refusals show up as console errors.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  // Predicates are functions (the page's content-security-policy refuses strings to evaluate).
  const points = (id: string) =>
    page.waitForFunction(
      (chart) =>
        Number(document.getElementById(chart)?.dataset.points) >= 2 &&
        document.querySelector(`#${chart} canvas`) !== null,
      id,
    );
  await points('memory-chart');
  await points('processes-chart');

  const scaled = await runCrew(['-c', file, 'scale', 'payments=3'], dir);
  assert.equal(scaled.code, 0, scaled.stderr);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#changes li')].some((li) =>
      li.textContent?.includes('payments 2→3'),
    ),
  );
  await page.waitForFunction(
    () => document.querySelectorAll('#process-table tbody tr').length === 6,
  );
  await page.waitForFunction(() => document.querySelectorAll('#exits li').length > 0);

  const rows = await page.locator('#process-table tbody tr').all();
  const names = await Promise.all(rows.map((row) => row.getAttribute('data-name')));
  assert.deepEqual(names.sort(), [
    'log-rotation_00',
    'payments_00',
    'payments_01',
    'payments_02',
    'router-data_00',
    'router-data_01',
  ]);
  const marks = await page.evaluate(() => window.crewDashboard.state.decisions.length);
  assert.equal(marks, 1, 'the scale is marked on the processes chart');
  // The processes chart follows the scale once the sampler has seen the third process.
  await page.waitForFunction(
    () => window.crewDashboard.state.history.processes.payments?.at(-1) === 3,
  );
  const exit = await page.textContent('#exits li');
  assert.match(exit ?? '', /log-rotation:log-rotation_00 exit 0 after/);
  // One host on its own SQLite store: no hosts strip (tests of the strip's content: state.js).
  assert.equal(await page.locator('#hosts').isHidden(), true);
  assert.deepEqual(errors, [], 'no script errors, failed loads or refusals');

  mkdirSync(join(artifact, '..'), { recursive: true });
  await page.screenshot({ path: artifact });
  assert.ok(statSync(artifact).size > 10_000, 'a screenshot of the dashboard');
});

// What the test reads of the backlog chart (a uPlot instance) in the page.
interface QueuesChartView {
  readonly height: number;
  readonly points: number;
  readonly jobsMax: number;
  readonly secondsMax: number;
  readonly ready: number;
  readonly waitS: number;
}

test('the backlog chart under load: sized like the others, axes scaled to the data, filled from history', {
  skip: chromiumSkipReason(),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-dashboard-load-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'crew.yaml');
  writeFileSync(
    file,
    `http: { listen: "127.0.0.1:0" }
store: sqlite:var/crew.db
sample_interval: 250ms
budget: 400MiB
pools:
  work:
    handlers: ${handlersPath}
    queues: [default, mail, reports, webhooks]
    concurrency: { default: 1, mail: 1, reports: 1, webhooks: 1 }
    target_wait: 2s
    startsecs: 100ms
    poll: 50ms
`,
  );
  const added = await runCrew(
    [
      '-c',
      file,
      'enqueue',
      'default',
      'slow',
      JSON.stringify({ ms: 150, file: '/dev/null' }),
      '--count',
      '400',
    ],
    dir,
  );
  assert.equal(added.code, 0, added.stderr);
  const mail = await runCrew(
    [
      '-c',
      file,
      'enqueue',
      'mail',
      'slow',
      JSON.stringify({ ms: 100, file: '/dev/null' }),
      '--count',
      '150',
    ],
    dir,
  );
  assert.equal(mail.code, 0, mail.stderr);
  const crew = startCrew(file, dir);
  cleanups.push(async () => {
    if (crew.child.exitCode === null) crew.child.kill('SIGTERM');
    await crew.exited;
  });
  const url = await httpUrlOf(crew);
  await crew.waitForLog(/work_00 entered RUNNING/);
  // History builds up before the page opens. Each memory sample records the queues once the
  // daemon passes onSample to the observe handlers; every /status read (a `crew top`, another
  // tab) records them too, which is what this loop does.
  const base = url.endsWith('/') ? url : `${url}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    await fetch(`${base}status`).then((r) => r.arrayBuffer());
    const history = (await (await fetch(`${base}history`)).json()) as { queues?: { at: number[] } };
    if ((history.queues?.at.length ?? 0) >= 8) break;
    assert.ok(Date.now() < deadline, `no queue history: ${JSON.stringify(history.queues)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('#queues-chart canvas') !== null);
  // The first view already holds the history: no waiting for polls to add points one by one.
  const first = Number(await page.getAttribute('#queues-chart', 'data-points'));
  const read = () =>
    page.evaluate((): QueuesChartView => {
      const dashboard = (window as unknown as { crewDashboard: Record<string, never> })
        .crewDashboard as unknown as {
        slots: Record<
          string,
          { chart: { height: number; scales: Record<string, { max: number }> } }
        >;
        state: { queues: { queues: Record<string, { ready: number[]; wait: number[] }> } };
      };
      const chart = dashboard.slots.queues!.chart;
      const series = dashboard.state.queues.queues.default!;
      return {
        height: chart.height,
        points: Number(document.getElementById('queues-chart')?.dataset.points),
        jobsMax: chart.scales.jobs!.max,
        secondsMax: chart.scales.s!.max,
        ready: Math.max(...series.ready.filter((v) => v !== null)),
        waitS: Math.max(...series.wait.filter((v) => v !== null)),
      };
    });
  const memoryHeight = await page.evaluate(
    () =>
      (window as unknown as { crewDashboard: { slots: { memory: { chart: { height: number } } } } })
        .crewDashboard.slots.memory.chart.height,
  );
  // A poll or two later, so the chart has been drawn again with fresh data.
  await page.waitForFunction(
    (n) => Number(document.getElementById('queues-chart')?.dataset.points) >= n + 2,
    first,
  );
  const view = await read();
  mkdirSync(join(artifact, '..'), { recursive: true });
  const shot = join(artifact, '..', 'dashboard-backlog.png');
  await page.screenshot({ path: shot });
  assert.ok(statSync(shot).size > 10_000);
  console.log(`backlog chart: ${JSON.stringify({ first, ...view, memoryHeight })}`);
  assert.ok(first >= 8, `the backlog chart opened with ${first} points`);
  assert.ok(view.ready >= 100, `a backlog: ${JSON.stringify(view)}`);
  assert.ok(view.height >= memoryHeight * 0.8, `${view.height} px tall, memory ${memoryHeight} px`);
  assert.ok(view.height >= 150, `${view.height} px tall`);
  assert.ok(view.jobsMax >= view.ready && view.jobsMax <= view.ready * 2, JSON.stringify(view));
  assert.ok(
    view.secondsMax >= view.waitS && view.secondsMax <= Math.max(2, view.waitS) * 2 + 1,
    JSON.stringify(view),
  );
});
