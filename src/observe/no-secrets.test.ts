// No secret crew was given — a password in the store's and a backlog's URL, the HTTP token, a
// value in a pool's `env:` — ever appears in what it shows: /status, /metrics, /history, /events,
// the answers of reloads (one refused, one changing the secret), `crew status --json` and the
// other commands, or crew's own log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { createPgSchema } from '../queue/test-support/pg-schema.js';
import { serverUrl } from '../queue/test-support/servers.js';
import { type LiveCrew, startLiveCrew } from './test-support/live-crew.js';
import {
  SECRET_ENV,
  SECRET_TOKEN,
  secretCrewYaml,
  secretsOf,
  withPassword,
} from './test-support/secret-crew.js';
import { findSecrets, gatherOutputs, reloadWithSecrets } from './test-support/secret-scan.js';

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('secrets never appear in status, metrics, events, CLI output or logs', async (t) => {
  const server = await serverUrl(t, 'postgres');
  if (server === null) return;
  const schema = await createPgSchema(withPassword(server).href);
  cleanups.push(() => schema.drop());
  const secrets = secretsOf(schema.url);
  const crew: LiveCrew = await startLiveCrew(secretCrewYaml(schema.url));
  cleanups.push(() => crew.stop());
  const text = readFileSync(crew.file, 'utf8');
  assert.equal(findSecrets([{ source: 'crew.yaml', text }], secrets).length, 3, 'planted');
  await crew.waitForLog(/work_00 entered RUNNING/);
  await crew.waitForLog(/queues: cannot watch laravel-database/);

  const changed = `${SECRET_ENV}-2`;
  const answers = await reloadWithSecrets(crew, SECRET_TOKEN, SECRET_ENV, changed);
  assert.match(answers[0]!.source, /\(422\)/);
  assert.match(answers[1]!.text, /php: changed env/);
  const outputs = [...answers, ...(await gatherOutputs(crew, SECRET_TOKEN))];
  const events = outputs.find((o) => o.source === 'GET /events')!.text;
  assert.match(events, /event: config:apply\ndata: .*changed env/, 'the stream was read');
  assert.match(crew.log(), /postgres:\*\*\*@/, 'the URLs were logged, masked');
  assert.deepEqual(findSecrets(outputs, [...secrets, changed]), []);
});
