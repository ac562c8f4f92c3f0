// A real `crew up` (the CLI through tsx) in a temporary directory, for the HTTP tests and chaos
// scenario 06: its HTTP address, its own log, its memory from /proc, and a full garbage
// collection on demand through the inspector (started with `inspect`) so that memory figures
// compare the live heap rather than garbage not yet collected.
import { type ChildProcess, execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrew } from '../../cli/test-support/run-crew.js';
import { parseSmapsRollup } from '../../memory/process-memory.js';

export interface LiveCrew {
  readonly dir: string;
  readonly file: string;
  readonly pid: number;
  // http://HOST:PORT it bound.
  readonly url: string;
  readonly child: ChildProcess;
  // Everything crew wrote to stdout and stderr so far (its own lines and its workers').
  log(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  // SIGTERM, wait for the exit, remove the directory; resolves with the exit code.
  stop(): Promise<number | null>;
}

export interface LiveCrewOptions {
  // Open the inspector on a free loopback port, for collectGarbage().
  readonly inspect?: boolean;
  // Make the directory (not what crew creates in it) readable by other users.
  readonly worldReadableDir?: boolean;
}

// Writes crew.yaml (the text given `{dir}` replaced by the directory) and starts `crew up`.
export async function startLiveCrew(
  yaml: string,
  options: LiveCrewOptions = {},
): Promise<LiveCrew> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-http-'));
  if (options.worldReadableDir) chmodSync(dir, 0o755);
  const file = join(dir, 'crew.yaml');
  writeFileSync(file, yaml.replaceAll('{dir}', dir));
  const daemon = startCrew(file, dir, {
    nodeFlags: options.inspect ? ['--inspect=127.0.0.1:0'] : [],
  });
  const { child, exited } = daemon;
  const waitForLog = async (pattern: RegExp, timeoutMs = 30_000) => {
    await daemon.waitForLog(pattern, timeoutMs);
    return pattern.exec(daemon.log())!;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    rmSync(dir, { recursive: true, force: true });
    return code;
  };
  try {
    const [, url] = await waitForLog(/http: listening on (http:\/\/\S+)/);
    return { dir, file, pid: child.pid!, url: url!, child, log: daemon.log, waitForLog, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface DaemonMemory {
  readonly rssBytes: number;
  readonly ussBytes: number;
  readonly pssBytes: number;
}

// The process's own memory (not its children's), from /proc/PID/smaps_rollup.
export function daemonMemory(pid: number): DaemonMemory {
  const memory = parseSmapsRollup(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  if (memory === null) throw new Error(`no memory counters for pid ${pid}`);
  return { rssBytes: memory.rssBytes, ussBytes: memory.ussBytes, pssBytes: memory.pssBytes };
}

// The inspector client, run in its own Node (WebSocket needs a flag on Node 20): a full GC.
const gcClient = `
const socket = new WebSocket(process.argv[1]);
socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
socket.onmessage = (m) => { if (JSON.parse(m.data).id === 1) { socket.close(); process.exit(0); } };
socket.onerror = (e) => { console.error(String(e.message ?? e)); process.exit(1); };
`;

// Runs a full garbage collection in a crew started with `inspect`.
export async function collectGarbage(crew: LiveCrew): Promise<void> {
  const [, ws] = await crew.waitForLog(/Debugger listening on (ws:\/\/\S+)/, 1000);
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--experimental-websocket', '--no-warnings', '-e', gcClient, ws!],
      { timeout: 20_000 },
      (error, _stdout, stderr) => (error ? reject(new Error(`gc: ${stderr || error}`)) : resolve()),
    );
  });
}
