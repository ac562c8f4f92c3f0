// The container engine's probes against a real daemon: /healthz answers, /readyz is 200 while the
// critical pool has its floor RUNNING and the queue sources answer, 503 naming what is wrong
// otherwise (a critical pool stopped, a backlog source that cannot be read), without a token.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { httpUrlOf, runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness, worker } from '../cli/test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();

// A token-protected crew with a critical pool of 2, and a pool watching `backlog` if given.
const configText = (
  backlog: string | null,
) => `http: { listen: "127.0.0.1:0", token: probe-test-token }
pools:
  payments:
    command: ${worker('forever.js')}
    processes: 2
    critical: true
    startsecs: 100ms
${
  backlog === null
    ? ''
    : `  reports:
    command: ${worker('forever.js')}
    backlog: { source: "${backlog}", queues: [reports] }
    startsecs: 100ms
`
}`;

// Asks /readyz until it answers with `status` (each answer is one event: a probe's poll).
async function readyWith(url: string, status: number) {
  let last = '';
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { ready: boolean; problems: string[] };
    if (res.status === status) return body;
    last = `${res.status} ${JSON.stringify(body)}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/readyz never answered ${status}; last: ${last}`);
}

test('/healthz and /readyz follow the critical pool and the queue sources', async () => {
  const { dir, file } = workspace('');
  writeFileSync(file, configText(`sqlite:${join(dir, 'missing', 'app.sqlite')}`));
  const crew = startCrew(file, dir);
  daemons.push(crew);
  const url = await httpUrlOf(crew);
  const health = await fetch(`${url}/healthz`);
  assert.deepEqual([health.status, await health.json()], [200, { ok: true }]);

  // The Laravel database the reports pool watches does not exist: not ready, and said so.
  await crew.waitForLog(/payments_01 entered RUNNING/);
  const missing = await readyWith(url, 503);
  assert.deepEqual(missing.problems, [
    'the Laravel database queue (pools reports) did not answer its last reading',
  ]);
  assert.doesNotMatch(JSON.stringify(missing), /sqlite:|missing/);

  // Without the backlog: ready once the reload applies.
  writeFileSync(file, configText(null));
  assert.equal((await runCrew(['-c', file, 'reload'], dir)).code, 0);
  assert.deepEqual(await readyWith(url, 200), { ready: true, problems: [] });

  // A critical pool below its floor is not ready.
  assert.equal((await runCrew(['-c', file, 'stop', 'payments:payments_01'], dir)).code, 0);
  const below = await readyWith(url, 503);
  assert.deepEqual(below.problems, ['critical pool payments: 1 of 2 RUNNING']);
});
