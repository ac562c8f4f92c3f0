// Runs the real CLI (built, or through tsx as src/cli/test-support/run-crew.ts does) on a file with a
// deadline that only detects hangs, and reads what came out: a clean refusal, a stack trace, a
// daemon that came up and stopped. For fuzzing: every run is bounded, every child is reaped.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callDaemon } from '../../control/client.js';
import { DOCS_ENV } from '../../test-support/doc-snippets.js';

const main = new URL('../../cli/main.ts', import.meta.url).pathname;
// Node's arguments that run the CLI: the sources through tsx, or `[buildCli(dir)]`.
export const sourceCli: readonly string[] = ['--import', import.meta.resolve('tsx'), main];
const MAX_OUTPUT = 256 * 1024;

export interface ProbeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  // Still running at the deadline (and killed).
  readonly hung: boolean;
}

// Node's own failure output: stack frames, an uncaught error, V8 giving up, crew's last resort.
export function hasStackTrace(text: string): boolean {
  return (
    /^ {4}at \S/m.test(text) ||
    /\b(?:Range|Type|Reference|Syntax)Error\b|\bError \[ERR_|^Error: /m.test(text) ||
    /FATAL ERROR|internal error \(a bug/.test(text)
  );
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  // Resolves when stderr holds the text, or with false when the child exits first.
  readonly waitFor: (text: string) => Promise<boolean>;
}

// Starts `crew ARGS` in its own process group, keeping at most MAX_OUTPUT of each stream.
function start(cli: readonly string[], args: readonly string[], cwd: string): Started {
  const child = spawn(process.execPath, [...cli, ...args], {
    cwd,
    // The variables the docs' examples name (the bases include docs/config.md's examples).
    env: { ...process.env, ...DOCS_ENV },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    if (stdout.length < MAX_OUTPUT) stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < MAX_OUTPUT) stderr += chunk.toString();
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (!stderr.includes(text)) return;
        waiters.delete(check);
        resolve(true);
      };
      waiters.add(check);
      check();
      void exited.then(() => {
        waiters.delete(check);
        resolve(stderr.includes(text));
      });
    });
  return { child, output: () => ({ stdout, stderr }), exited, waitFor };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// Resolves with the value, or with `late` once ms have passed.
function within<T>(promise: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(resolve, ms, late);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// Runs `crew ARGS` to completion; a run still going after deadlineMs is a hang and is killed.
export async function probeCrew(
  args: readonly string[],
  cwd: string,
  deadlineMs: number,
  cli = sourceCli,
): Promise<ProbeRun> {
  const run = start(cli, args, cwd);
  const done = await within(run.exited, deadlineMs, null);
  if (done === null) {
    killGroup(run.child.pid, 'SIGKILL');
    const { code, signal } = await run.exited;
    return { code, signal, ...run.output(), hung: true };
  }
  return { ...done, ...run.output(), hung: false };
}

export interface UpRun {
  // Whether it logged `up:`; then it was sent SIGTERM.
  readonly cameUp: boolean;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly log: string;
  // 'starting': neither up nor exited by the deadline; 'stopping': SIGTERM did not end it.
  readonly hung: 'starting' | 'stopping' | null;
  // Processes crew recorded that were still running after it exited (killed then).
  readonly leftovers: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// SIGKILLs the process groups crew recorded in its run_dir that are still there (none after a
// clean stop); returns how many there were.
function killLeftovers(runDir: string): number {
  let records: { pid?: unknown }[];
  try {
    records = JSON.parse(readFileSync(join(runDir, 'pids.json'), 'utf8')) as { pid?: unknown }[];
  } catch {
    return 0;
  }
  const alive = records
    .map(({ pid }) => pid)
    .filter((pid): pid is number => typeof pid === 'number' && pid > 1 && isAlive(pid));
  for (const pid of alive) killGroup(pid, 'SIGKILL');
  return alive.length;
}

// Starts `crew up` on the file, waits until it is up or has exited, stops it with SIGTERM and
// waits for it to exit. The deadlines only detect hangs; whatever hung is killed, with its pools.
export async function probeUp(
  configFile: string,
  cwd: string,
  deadlines: { startMs: number; stopMs: number },
  cli = sourceCli,
): Promise<UpRun> {
  const run = start(cli, ['-c', configFile, 'up'], cwd);
  const cameUp = await within(run.waitFor('crew | up:'), deadlines.startMs, null);
  let hung: UpRun['hung'] = cameUp === null ? 'starting' : null;
  if (cameUp) {
    // crew logs `up:` just before it installs its signal handlers (src/cli/up.ts), so a SIGTERM
    // sent at once can find none and kill crew alone, leaving its processes behind. One answer
    // on the control socket comes after that synchronous step.
    const socket = /control socket (\S+)/.exec(run.output().stderr)?.[1];
    if (socket)
      await within(
        callDaemon(socket, 'status').catch(() => null),
        deadlines.stopMs,
        null,
      );
    run.child.kill('SIGTERM');
    const stopped = await within(run.exited, deadlines.stopMs, null);
    if (stopped === null) hung = 'stopping';
  }
  if (hung !== null) {
    // A second SIGINT makes crew kill every process group it started; then crew itself.
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    await within(run.exited, 5000, null);
    killGroup(run.child.pid, 'SIGKILL');
  }
  const { code, signal } = await run.exited;
  const leftovers = killLeftovers(join(cwd, '.crew'));
  return { cameUp: cameUp === true, code, signal, log: run.output().stderr, hung, leftovers };
}

// How a `crew check` or `crew import` run ended: refused with a position (`placed` matches it),
// accepted, or one of the failures: a stack trace, a hang, a refusal without file:line, another
// exit code.
export type Verdict = 'rejected' | 'accepted' | 'stack' | 'hang' | 'unplaced' | 'unclean';

export function verdictOf(run: ProbeRun, placed: RegExp): Verdict {
  if (run.hung) return 'hang';
  if (hasStackTrace(run.stderr)) return 'stack';
  if (run.code === 0) return 'accepted';
  if (run.code !== 2) return 'unclean';
  return placed.test(run.stderr) ? 'rejected' : 'unplaced';
}

// The lines of a `crew up` log that crew wrote itself, without its processes' (`name | ...`).
export function crewLines(log: string): string {
  return log
    .split('\n')
    .filter((line) => line.startsWith('crew') || !/^[A-Za-z0-9][\w.-]* \| /.test(line))
    .join('\n');
}

// Runs fn over the items, at most `limit` at a time; the results in the items' order.
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
