import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { callDaemon } from '../control/client.js';
import type { Overview } from '../control/wire/overview.js';
import { parsePrometheus, sampleValue } from '../observe/test-support/prometheus.js';
import {
  captureOutput,
  fixture,
  isAlive,
  nextEvent,
  until,
} from '../supervise/test-support/fixtures.js';
import { type Daemon, startDaemon } from './daemon.js';

const dirs: string[] = [];
const daemons: Daemon[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.shutdown();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(http: string) {
  const dir = mkdtempSync(join(tmpdir(), 'crew-daemon-http-'));
  dirs.push(dir);
  const file = join(dir, 'crew.yaml');
  const worker = JSON.stringify(fixture('forever.js'));
  writeFileSync(
    file,
    `${http}
budget: 400MiB
pools:
  payments:
    command: ${worker}
    processes: 2
    startsecs: 100ms
  dashboard:
    command: ${worker}
    startsecs: 100ms
`,
  );
  const lines: string[] = [];
  const daemon = await startDaemon({
    configFile: file,
    outputTargets: captureOutput(),
    log: (line) => lines.push(line),
  });
  daemons.push(daemon);
  const running = () =>
    daemon.supervisor
      .pools()
      .every((pool) => pool.processes().every((p) => p.state() === 'RUNNING'));
  await until(running, 'every process RUNNING');
  return { daemon, lines, dir };
}

test('a running crew serves /metrics, /status and /history over HTTP', async () => {
  const { daemon, lines } = await start('http: { listen: "127.0.0.1:0" }');
  const url = daemon.httpAddress;
  assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(lines.includes(`http: listening on ${url}`), lines.join('\n'));

  const [victim] = daemon.supervisor.select('payments_00');
  const exited = nextEvent(daemon.supervisor.events, 'process:exit');
  process.kill(victim!.pid()!, 'SIGKILL');
  await exited;
  await until(() => victim!.state() === 'RUNNING', 'payments_00 running again');

  const metrics = await fetch(`${url}/metrics`);
  assert.equal(metrics.status, 200);
  const families = parsePrometheus(await metrics.text());
  const names = ['payments_00', 'payments_01', 'dashboard_00'];
  for (const family of ['crew_process_memory_pss_bytes', 'crew_process_memory_rss_bytes']) {
    assert.equal(families.get(family)?.type, 'GAUGE');
    const processes = families.get(family)!.metrics.map((m) => m.labels?.process);
    assert.deepEqual(processes.sort(), [...names].sort(), family);
    for (const sample of families.get(family)!.metrics) assert.ok(Number(sample.value) > 0);
  }
  const value = (name: string, labels = {}) => sampleValue(families.get(name), labels);
  assert.equal(value('crew_budget_bytes'), 400 * 1024 * 1024);
  assert.equal(value('crew_pool_processes', { pool: 'payments', state: 'RUNNING' }), 2);
  assert.equal(value('crew_pool_desired_processes', { pool: 'payments' }), 2);
  assert.equal(value('crew_pool_shortfall_processes', { pool: 'dashboard' }), 0);
  assert.equal(families.get('crew_process_exits_total')?.type, 'COUNTER');
  assert.equal(value('crew_process_exits_total', { pool: 'payments', reason: 'signaled' }), 1);
  assert.ok((value('crew_daemon_memory_pss_bytes') ?? 0) > 0);

  // /status and `crew status --json` come from the same handler.
  const status = (await (await fetch(`${url}/status`)).json()) as Overview;
  const socket = await callDaemon(daemon.socketPath, 'status');
  assert.deepEqual(
    status.processes.map((p) => [p.name, p.pid]),
    socket.processes.map((p) => [p.name, p.pid]),
  );
  assert.ok(status.events.some((e) => e.type === 'process:exit' && e.name === 'payments_00'));
  const overview = await callDaemon(daemon.socketPath, 'overview');
  assert.deepEqual(
    overview.pools.map((p) => p.name),
    ['payments', 'dashboard'],
  );

  const history = (await (await fetch(`${url}/history`)).json()) as {
    resolution: string;
    at: number[];
    pools: Record<string, number[]>;
    processes: Record<string, number[]>;
  };
  assert.equal(history.resolution, '1s');
  assert.ok(history.at.length >= 1);
  assert.deepEqual(Object.keys(history.pools).sort(), ['dashboard', 'payments']);
  assert.ok((history.processes.payments?.at(-1) ?? 0) > 0);
});

test('a taken port leaves the daemon running without HTTP; shutdown frees the port', async () => {
  const first = await start('http: { listen: "127.0.0.1:0" }');
  const port = new URL(first.daemon.httpAddress!).port;
  const second = await start(`http: { listen: "127.0.0.1:${port}" }`);
  assert.equal(second.daemon.httpAddress, null);
  assert.ok(
    second.lines.some((line) =>
      line.startsWith(`warning: http: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`),
    ),
    second.lines.join('\n'),
  );
  const status = await callDaemon(second.daemon.socketPath, 'status');
  assert.equal(status.processes.length, 3, 'the second crew runs its pools all the same');

  const pids = first.daemon.supervisor
    .pools()
    .flatMap((pool) => pool.processes().map((p) => p.pid()!));
  await first.daemon.shutdown();
  await assert.rejects(fetch(`http://127.0.0.1:${port}/status`), 'nothing answers any more');
  assert.equal(existsSync(first.daemon.socketPath), false);
  assert.ok(pids.every((pid) => !isAlive(pid)));
});

test('http: false serves nothing', async () => {
  const { daemon, lines } = await start('http: false');
  assert.equal(daemon.httpAddress, null);
  assert.ok(!lines.some((line) => line.startsWith('http:') || line.includes('warning: http')));
});

test('a reload applies http changes: a new token at once, off and on again', async () => {
  const { daemon } = await start('http: { listen: "127.0.0.1:0" }');
  const file = daemon.config().file;
  const url = daemon.httpAddress!;
  const rewrite = (http: string) =>
    writeFileSync(
      file,
      `${http}\npools:\n  payments:\n    command: ${JSON.stringify(fixture('forever.js'))}\n    processes: 2\n    startsecs: 100ms\n  dashboard:\n    command: ${JSON.stringify(fixture('forever.js'))}\n    startsecs: 100ms\n`,
    );

  rewrite('http: { listen: "127.0.0.1:0", token: reloaded-token }');
  const withToken = await daemon.reload();
  assert.deepEqual(withToken.changes.filter((c) => c.startsWith('http')).length, 1);
  assert.equal(daemon.httpAddress, url, 'the same address stays bound');
  assert.equal((await fetch(`${url}/status`)).status, 401);
  const authorised = await fetch(`${url}/status`, {
    headers: { authorization: 'Bearer reloaded-token' },
  });
  assert.equal(authorised.status, 200);

  rewrite('http: false');
  await daemon.reload();
  assert.equal(daemon.httpAddress, null);
  await assert.rejects(fetch(`${url}/status`));

  rewrite('http: { listen: "127.0.0.1:0" }');
  await daemon.reload();
  assert.match(daemon.httpAddress ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await fetch(`${daemon.httpAddress}/status`)).status, 200);
});
