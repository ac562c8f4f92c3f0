// The container engine's probes against a real daemon: /healthz answers, /readyz is 200 while the
// critical pool has its floor RUNNING and the queue sources answer, 503 naming what is wrong
// otherwise (a critical pool stopped, a backlog source that cannot be read), without a token.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixturesDir, runCrew, startCrew } from '../cli/test-support/run-crew.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const worker = (name: string) => JSON.stringify([process.execPath, join(fixturesDir, name)]);

// Asks /readyz until its answer satisfies `ok` (each answer is one event: a probe's poll).
async function readyUntil(
  url: string,
  ok: (status: number, body: { problems: string[] }) => boolean,
) {
  let last = '';
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { ready: boolean; problems: string[] };
    if (ok(res.status, body)) return { status: res.status, body };
    last = `${res.status} ${JSON.stringify(body)}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/readyz never answered as expected; last: ${last}`);
}

test('/healthz and /readyz follow the critical pool and the queue sources', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-probes-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'crew.yaml');
  writeFileSync(
    file,
    `http: { listen: "127.0.0.1:0", token: probe-test-token }
pools:
  payments:
    command: ${worker('forever.js')}
    processes: 2
    critical: true
    startsecs: 100ms
  reports:
    command: ${worker('forever.js')}
    backlog: { source: "sqlite:${join(dir, 'missing', 'app.sqlite')}", queues: [reports] }
    startsecs: 100ms
`,
  );
  const crew = startCrew(file, dir);
  cleanups.push(async () => {
    if (crew.child.exitCode === null) crew.child.kill('SIGTERM');
    await crew.exited;
  });
  await crew.waitForLog(/http: listening on http:\/\/\S+/);
  const url = /http: listening on (http:\/\/\S+)/.exec(crew.log())![1]!;
  const health = await fetch(`${url}/healthz`);
  assert.deepEqual([health.status, await health.json()], [200, { ok: true }]);

  // The Laravel database the reports pool watches does not exist: not ready, and said so.
  await crew.waitForLog(/payments_01 entered RUNNING/);
  const missing = await readyUntil(url, (status) => status === 503);
  assert.deepEqual(missing.body.problems, [
    'the Laravel database queue (pools reports) did not answer its last reading',
  ]);
  assert.doesNotMatch(JSON.stringify(missing.body), /sqlite:|missing/);

  // Drop the backlog: ready once the reload applies.
  writeFileSync(
    file,
    `http: { listen: "127.0.0.1:0", token: probe-test-token }
pools:
  payments:
    command: ${worker('forever.js')}
    processes: 2
    critical: true
    startsecs: 100ms
`,
  );
  assert.equal((await runCrew(['-c', file, 'reload'], dir)).code, 0);
  const ready = await readyUntil(url, (status) => status === 200);
  assert.deepEqual(ready.body, { ready: true, problems: [] });

  // A critical pool below its floor is not ready.
  assert.equal((await runCrew(['-c', file, 'stop', 'payments:payments_01'], dir)).code, 0);
  const below = await readyUntil(url, (status) => status === 503);
  assert.deepEqual(below.body.problems, ['critical pool payments: 1 of 2 RUNNING']);
});
