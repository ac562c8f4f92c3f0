// Runs the real CLI (TypeScript through tsx) as a child process, for end-to-end tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

const main = new URL('../main.ts', import.meta.url).pathname;
// Resolved here so the child finds tsx whatever its working directory.
const nodeArgs = ['--import', import.meta.resolve('tsx'), main];

export interface CrewRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// Runs `crew ARGS` to completion.
export function runCrew(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<CrewRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface Daemon {
  readonly child: ChildProcess;
  log(): string;
  // Resolves when crew's log contains the text (or matches the pattern); rejects after timeoutMs.
  waitForLog(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

// Starts `crew up -c FILE` in the background; `nodeFlags` go to its Node (e.g. --inspect),
// `wrapper` is a command crew's Node runs under (`unshare ... tini --`), which `child` then is.
export function startCrew(
  configFile: string,
  cwd: string,
  options: { nodeFlags?: readonly string[]; wrapper?: readonly string[] } = {},
): Daemon {
  const args = [...(options.nodeFlags ?? []), ...nodeArgs, '-c', configFile, 'up'];
  const [command, ...wrapperArgs] = [...(options.wrapper ?? []), process.execPath];
  const child = spawn(command!, [...wrapperArgs, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    log += chunk.toString();
    for (const wake of [...waiters]) wake();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // All its output read: nothing more can match.
  let closed = false;
  child.once('close', () => {
    closed = true;
    for (const wake of [...waiters]) wake();
  });
  return {
    child,
    log: () => log,
    exited,
    waitForLog(pattern, timeoutMs = 20_000) {
      const matches = () =>
        typeof pattern === 'string' ? log.includes(pattern) : pattern.test(log);
      return new Promise((resolve, reject) => {
        if (matches()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`crew never logged ${String(pattern)}; log so far:\n${log}`));
        }, timeoutMs);
        const check = () => {
          const matched = matches();
          if (!matched && !closed) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (matched) resolve();
          else reject(new Error(`crew exited before logging ${String(pattern)}; its log:\n${log}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
}

export const fixturesDir = join(new URL('../../supervise/fixtures/', import.meta.url).pathname);

// The dashboard's address a daemon with `http:` logs once it listens.
export async function httpUrlOf(daemon: Daemon): Promise<string> {
  const listening = /http: listening on (http:\/\/\S+)/;
  await daemon.waitForLog(listening);
  return listening.exec(daemon.log())![1]!;
}
