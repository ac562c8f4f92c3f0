import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { serverUrl } from '../queue/test-support/servers.js';
import { runCrew } from './test-support/run-crew.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-queues-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A port nothing listens on: bound, then released.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('with no daemon, crew queues reads the backlog: sources and names the ones it cannot reach, without their password', async (t) => {
  const redis = await serverUrl(t, 'redis');
  if (redis === null) return;
  const port = await closedPort();
  writeFileSync(
    join(dir, 'crew.yaml'),
    [
      'pools:',
      '  mailer:',
      '    command: sleep 100',
      '    processes: 0..2',
      `    backlog: { source: "redis://:s3cret@127.0.0.1:${port}/0", queues: [emails] }`,
      '  php:',
      '    command: sleep 100',
      '    processes: 0..2',
      `    backlog: { source: "${redis}/7", queues: [crew-queues-test-default, crew-queues-test-high] }`,
      '',
    ].join('\n'),
  );
  const run = await runCrew(['queues'], dir);
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^QUEUE +READY +DELAYED/);
  assert.match(lines[1]!, /^crew-queues-test-default +0 +0 +0 .* laravel-redis +php$/);
  assert.match(lines[2]!, /^crew-queues-test-high +0 +0 +0 .* laravel-redis +php$/);
  assert.equal(lines.length, 3);
  assert.match(
    run.stderr,
    new RegExp(
      `^queue emails: cannot connect to redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: `,
      'm',
    ),
  );
  assert.doesNotMatch(run.stdout + run.stderr, /s3cret|No queues/);
});
