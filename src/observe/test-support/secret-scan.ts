// Everything a running crew shows, gathered to be searched for secrets: /status, /metrics,
// /history, the /events replay, the answers of HTTP actions, the CLI's JSON and text, and crew's
// own log (with its workers' lines). Shared by no-secrets.test.ts and chaos scenario 06.
import { readFileSync, writeFileSync } from 'node:fs';
import { runCrew } from '../../cli/test-support/run-crew.js';
import type { LiveCrew } from './live-crew.js';

export interface Output {
  readonly source: string;
  readonly text: string;
}

// The kept events as /events replays them after id 0, read until the newest one has arrived.
export async function eventStreamText(url: string, token: string): Promise<string> {
  const aborter = new AbortController();
  const response = await fetch(`${url}/events?after=0`, {
    headers: { authorization: `Bearer ${token}` },
    signal: aborter.signal,
  });
  if (response.status !== 200) return `status ${response.status}: ${await response.text()}`;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const last = /last id (\d+)/.exec(text)?.[1];
    if (last !== undefined && (last === '0' || text.includes(`\nid: ${last}\n`))) break;
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  aborter.abort();
  await reader.cancel().catch(() => {});
  return text;
}

// Reads every output of the crew (HTTP with the token; the CLI over its socket).
export async function gatherOutputs(crew: LiveCrew, token: string): Promise<Output[]> {
  const headers = { authorization: `Bearer ${token}` };
  const outputs: Output[] = [];
  for (const path of ['/status', '/metrics', '/history', '/history?resolution=1m']) {
    const response = await fetch(`${crew.url}${path}`, { headers });
    outputs.push({ source: `GET ${path}`, text: await response.text() });
  }
  outputs.push({ source: 'GET /events', text: await eventStreamText(crew.url, token) });
  // Each runs through tsx (1.5–3.5 s here): the ones whose output no other one repeats.
  const commands = [
    ['status', '--json'],
    ['queues', '--json'],
    ['history', '--json'],
    ['top', '--once'],
  ];
  const runs = await Promise.all(
    commands.map((args) => runCrew(['-c', crew.file, ...args], crew.dir)),
  );
  for (const [i, run] of runs.entries()) {
    outputs.push({ source: `crew ${commands[i]!.join(' ')}`, text: run.stdout + run.stderr });
  }
  outputs.push({ source: "crew's log", text: crew.log() });
  return outputs;
}

// Two reloads whose answers, events and log lines could carry secrets: one refused for a mistake
// in the store URL, then one that changes a secret `env:` value (from → to), restarting the pools
// that have it. Resolves with the answers once the restarted php_00 is RUNNING.
export async function reloadWithSecrets(
  crew: LiveCrew,
  token: string,
  from: string,
  to: string,
): Promise<Output[]> {
  const text = readFileSync(crew.file, 'utf8');
  const reload = async () => {
    const response = await fetch(`${crew.url}/api/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return { source: `POST /api/reload (${response.status})`, text: await response.text() };
  };
  writeFileSync(crew.file, text.replace('store: "', 'store: "postgress'));
  const refused = await reload();
  writeFileSync(crew.file, text.replaceAll(from, to));
  const applied = await reload();
  await crew.waitForLog(/php_00 entered RUNNING[\s\S]*php_00 entered RUNNING/);
  return [refused, applied];
}

// Each output that holds one of the secrets, and which.
export function findSecrets(outputs: readonly Output[], secrets: readonly string[]): string[] {
  const hits: string[] = [];
  for (const { source, text } of outputs) {
    for (const secret of secrets) {
      if (text.includes(secret)) hits.push(`${source} holds "${secret}"`);
    }
  }
  return hits;
}
