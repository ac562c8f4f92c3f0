// Chaos scenario 6, HTTP: a real `crew up` with a token, a PostgreSQL store and backlog whose URL
// carries a password, and pools with a secret in `env:`. It tries to read files outside the
// dashboard's folder every way that can be spelled, sends headers and bodies past the limits,
// sends control actions without the token (and as another local user), opens more /events
// streams at once than `http.event_streams` allows and leaves (half with a reset), then searches
// every output crew has for the secrets. Goals: every probe refused; 431 and 413 for what is too
// large; no unauthorised action taken; the daemon's sockets released and its memory (USS, after a
// full GC) back within MARGIN of idle; zero secrets found.
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  collectGarbage,
  type DaemonMemory,
  daemonMemory,
  type LiveCrew,
  startLiveCrew,
} from '../../observe/test-support/live-crew.js';
import { probeAsOtherUser } from '../../observe/test-support/other-user.js';
import { isRefused, traversalTargets } from '../../observe/test-support/probes.js';
import { rawGet, rawRequest } from '../../observe/test-support/raw-http.js';
import {
  SECRET_ENV,
  SECRET_TOKEN,
  secretCrewYaml,
  secretsOf,
  withPassword,
} from '../../observe/test-support/secret-crew.js';
import {
  findSecrets,
  gatherOutputs,
  reloadWithSecrets,
} from '../../observe/test-support/secret-scan.js';
import { loadEventStreams } from '../../observe/test-support/stream-load.js';
import { createPgSchema } from '../../queue/test-support/pg-schema.js';
import {
  createReport,
  type Scenario,
  type ScenarioOptions,
  type ScenarioResult,
} from '../scenario.js';

const MiB = 1024 * 1024;
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';
// How far above idle the daemon's USS may stay once the clients left and a GC ran. A round
// legitimately keeps a little (the ring's entries for its events, the scaled process's exit
// record, malloc's free lists and V8's committed pages): 0.7–1.2 MiB after the first round and
// nothing more after the next ones. A stream that never unsubscribes keeps ~8 KiB (its response,
// request and socket), 1.2 MiB a round of 150: past the margin by the second round.
const MARGIN_BYTES = 2 * MiB;
const TOKEN = SECRET_TOKEN;
const FULL = { clients: 200, streams: 150, rounds: 3 };
const SHORT = { clients: 50, streams: 40, rounds: 1 };

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const memoryText = (m: DaemonMemory) => `USS ${mib(m.ussBytes)}, RSS ${mib(m.rssBytes)}`;
const bearer = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
// A body each action would accept, so that a POST let through would really act.
const actions: Readonly<Record<string, unknown>> = {
  stop: { selector: 'all' },
  restart: { selector: 'all' },
  start: { selector: 'all' },
  signal: { selector: 'all', signal: 'KILL' },
  scale: { pool: 'php', count: 0 },
  reload: {},
  rollback: {},
};

type Report = ReturnType<typeof createReport>;
type Settings = typeof FULL;

async function pids(crew: LiveCrew): Promise<string> {
  const status = (await (await fetch(`${crew.url}/status`, { headers: bearer })).json()) as {
    processes: { name: string; pid: number | null }[];
  };
  return status.processes.map((p) => `${p.name}:${p.pid}`).join(' ');
}

// 1. Files outside the dashboard's folder, every way of spelling the way there.
async function probeTraversal(crew: LiveCrew, report: Report, short: boolean) {
  const byStatus = new Map<number, number>();
  let refused = 0;
  const targets = traversalTargets(short);
  for (const target of targets) {
    const response = await rawGet(crew.url, target);
    byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    if (isRefused(response)) refused++;
  }
  const spread = [...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ');
  report.figure('traversal probes refused', `${refused}/${targets.length} (${spread})`);
  report.expect(refused === targets.length, `${targets.length - refused} traversal probes served`);
}

// 2. Headers and bodies past the limits.
async function probeLimits(crew: LiveCrew, report: Report) {
  const host = new URL(crew.url).host;
  const post = (headers: string) =>
    `POST /api/scale HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${TOKEN}\r\n${headers}\r\n`;
  const header = await rawGet(crew.url, '/status', `X-Pad: ${'a'.repeat(20 * 1024)}\r\n`);
  const declared = await rawRequest(crew.url, post('Content-Length: 100000000\r\n'));
  const size = 256 * 1024;
  const chunk = `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`;
  const chunked = await rawRequest(crew.url, post('Transfer-Encoding: chunked\r\n'), chunk);
  const limits = [header.status, declared.status, chunked.status].join(' / ');
  report.figure('20 KiB header / 100 MB body / 256 KiB chunked', limits);
  report.expect(limits === '431 / 413 / 413', `oversized requests answered ${limits}`);
}

// 3. Control actions without the token, with a wrong one, and as another local user.
async function probeUnauthorised(crew: LiveCrew, report: Report, secrets: readonly string[]) {
  const before = await pids(crew);
  const statuses: number[] = [];
  for (const [action, params] of Object.entries(actions)) {
    for (const authorization of [null, 'Bearer wrong-token']) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const body = JSON.stringify(params);
      const response = await fetch(`${crew.url}/api/${action}`, { method: 'POST', headers, body });
      statuses.push(response.status);
    }
  }
  const runDir = join(crew.dir, '.crew');
  const other = await probeAsOtherUser(crew.url, join(runDir, 'crew.sock'), runDir, secrets);
  const all = [...statuses, ...Object.values(other?.http ?? {})];
  const refused = all.filter((s) => s === 401).length;
  report.figure('POSTs without the token refused', `${refused}/${all.length} (401)`);
  report.expect(refused === all.length, `unauthorised POSTs answered ${all.join()}`);
  report.expect((await pids(crew)) === before, 'an unauthorised POST changed the processes');
  if (other === null) return report.figure('as another user', 'skipped (not root)');
  report.figure('as nobody: control socket', other.socket);
  report.expect(other.socket !== 'answered', 'another user was answered on the control socket');
  const readable = `${other.readable.length} (${other.withSecret.length})`;
  report.figure('as nobody: run-dir files readable (holding a secret)', readable);
}

// 4. Many /events clients at once, past the limit, then gone: the daemon's memory after each
// round (and a full GC) against its idle level after a small warm-up round.
async function probeStreams(crew: LiveCrew, report: Report, settings: Settings) {
  const { clients, streams } = settings;
  await loadEventStreams(crew, TOKEN, 10, 'php');
  await collectGarbage(crew);
  const idle = daemonMemory(crew.pid);
  const served = Math.min(clients, streams);
  for (let round = 1; round <= settings.rounds; round++) {
    const result = await loadEventStreams(crew, TOKEN, clients, 'php');
    await collectGarbage(crew);
    const after = daemonMemory(crew.pid);
    report.figure(
      `/events round ${round}: ${clients} clients, limit ${streams}`,
      `${result.served} served (${result.reached} got the event), ${result.busy} × 503, ${result.other} other; sockets released: ${result.released}`,
    );
    report.figure(
      '  daemon idle → peak → after (GC)',
      `${memoryText(idle)} → ${memoryText(result.peak)} → ${memoryText(after)}`,
    );
    const missed = (what: string) => `round ${round}: ${what}`;
    report.expect(result.served === served, missed(`${result.served} served`));
    report.expect(result.reached === served, missed(`${result.reached} got the event`));
    report.expect(result.busy === clients - served, missed(`${result.busy} × 503`));
    report.expect(result.released, missed('the daemon kept sockets of clients that left'));
    const above = after.ussBytes - idle.ussBytes;
    report.expect(above <= MARGIN_BYTES, missed(`USS ${mib(above)} above idle`));
  }
}

// 5. Reloads that handle secrets, then every output crew has, searched for them.
async function scanSecrets(crew: LiveCrew, report: Report, secrets: readonly string[]) {
  const text = readFileSync(crew.file, 'utf8');
  const planted = findSecrets([{ source: 'crew.yaml', text }], secrets).length;
  report.expect(planted === secrets.length, `only ${planted} of the secrets were in crew.yaml`);
  const changed = `${SECRET_ENV}-2`;
  const answers = await reloadWithSecrets(crew, TOKEN, SECRET_ENV, changed);
  const outputs = [...answers, ...(await gatherOutputs(crew, TOKEN))];
  const hits = findSecrets(outputs, [...secrets, changed]);
  const kib = outputs.reduce((sum, o) => sum + o.text.length, 0) / 1024;
  report.figure(
    'secret scan',
    `${outputs.length} outputs, ${kib.toFixed(0)} KiB, ${hits.length} hits`,
  );
  for (const hit of hits) report.expect(false, hit);
}

async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const report = createReport();
  const url = withPassword(process.env.CREW_TEST_POSTGRES_URL || DEFAULT_POSTGRES);
  const schema = await createPgSchema(url.href).catch(() => null);
  if (schema === null) {
    const reason = `PostgreSQL not reachable at ${url.host}`;
    if (process.env.CI === 'true') throw new Error(reason);
    return { ...report.result(), skipped: reason };
  }
  const settings = options.short ? SHORT : FULL;
  const secrets = secretsOf(schema.url);
  const yaml = secretCrewYaml(schema.url, settings.streams);
  let crew: LiveCrew | null = null;
  try {
    crew = await startLiveCrew(yaml, { inspect: true, worldReadableDir: true });
    // The operator keeps crew.yaml (it holds the token) to themselves.
    chmodSync(crew.file, 0o600);
    await crew.waitForLog(/work_00 entered RUNNING/);
    await crew.waitForLog(/legacy_00 entered RUNNING/);
    options.log(`crew up on ${crew.url}`);
    await probeTraversal(crew, report, options.short);
    await probeLimits(crew, report);
    await probeUnauthorised(crew, report, secrets);
    options.log('/events load');
    await probeStreams(crew, report, settings);
    await scanSecrets(crew, report, secrets);
  } finally {
    const code = await crew?.stop();
    if (crew) report.expect(code === 0, `crew exited ${code}`);
    await schema.drop();
  }
  return report.result();
}

export const scenario: Scenario = {
  name: 'http',
  title: 'HTTP: traversal, limits, tokens, 200 event streams, no secret shown',
  run,
};
