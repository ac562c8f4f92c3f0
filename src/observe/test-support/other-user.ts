// What another local user (nobody) can do to a running crew: control actions over HTTP without
// the token, the control socket, and the files of the run directory. Needs root to switch user;
// null otherwise.
import { execFile } from 'node:child_process';

export interface OtherUserReport {
  // HTTP status of each POST /api/<action>, sent without a token (0: no answer).
  readonly http: Readonly<Record<string, number>>;
  // 'answered' when the socket served a request; else the error code (EACCES, ENOENT...).
  readonly socket: string;
  // Files under the run directory nobody could read, and those of them holding a secret.
  readonly readable: readonly string[];
  readonly withSecret: readonly string[];
}

// Run as nobody; argv: url, socket path, run dir, secrets as JSON. Prints the report as JSON.
const script = `
import { connect } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
const [url, socketPath, runDir, secretsJson] = process.argv.slice(1);
const secrets = JSON.parse(secretsJson);
const bodies = { start: { selector: 'all' }, stop: { selector: 'all' }, restart: { selector: 'all' },
  signal: { selector: 'all', signal: 'KILL' }, scale: { pool: 'php', count: 0 }, reload: {}, rollback: {} };
const http = {};
for (const [action, body] of Object.entries(bodies)) {
  const response = await fetch(url + '/api/' + action, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  http[action] = response?.status ?? 0;
}
const socket = await new Promise((resolve) => {
  const s = connect(socketPath);
  s.once('connect', () => { s.write('{"id":1,"method":"status","params":{}}\\n');
    s.once('data', () => { s.destroy(); resolve('answered'); }); });
  s.once('error', (e) => resolve(e.code ?? String(e)));
});
const readable = [];
const withSecret = [];
const walk = (dir) => {
  let names = [];
  try { names = readdirSync(dir); } catch { return; }
  for (const name of names) {
    const path = dir + '/' + name;
    try {
      if (statSync(path).isDirectory()) { walk(path); continue; }
      const text = readFileSync(path, 'latin1');
      readable.push(path);
      if (secrets.some((s) => text.includes(s))) withSecret.push(path);
    } catch {}
  }
};
walk(runDir);
console.log(JSON.stringify({ http, socket, readable, withSecret }));
`;

// Runs the probes as nobody; null when this process cannot switch user.
export function probeAsOtherUser(
  url: string,
  socketPath: string,
  runDir: string,
  secrets: readonly string[],
): Promise<OtherUserReport | null> {
  if (process.getuid?.() !== 0) return Promise.resolve(null);
  const argv = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath];
  const args = [...argv, '--input-type=module', '-e', script, url, socketPath, runDir];
  return new Promise((resolve, reject) => {
    execFile(
      'setpriv',
      [...args, JSON.stringify(secrets)],
      { cwd: '/', timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`as nobody: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as OtherUserReport);
      },
    );
  });
}
