// Runs commands for benchmarks: one-shot commands timed by wall clock, and daemons started
// in the foreground and stopped with SIGTERM, their output going to a log file.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

// Runs argv to its end; resolves with its wall time in ms, exit code and output.
export function runTimed(argv, options = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(argv[0], argv.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        ms: performance.now() - startedAt,
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

// Polls `check` every `intervalMs` until it returns a truthy value; throws after `timeoutMs`.
export async function waitFor(what, check, { timeoutMs, intervalMs }) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(intervalMs);
  }
}

// Starts a daemon in the foreground with stdout and stderr appended to `logFile`.
export function startDaemon(argv, { logFile, ...options }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(argv[0], argv.slice(1), { ...options, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  return { child, pid: child.pid, exited, log: () => readFileSync(logFile, 'utf8') };
}

// Sends SIGTERM and waits for the exit; SIGKILL after `timeoutMs`. Resolves with how it ended.
export async function stopDaemon(daemon, timeoutMs = 15_000) {
  const startedAt = performance.now();
  if (daemon.child.exitCode === null && daemon.child.signalCode === null) {
    daemon.child.kill('SIGTERM');
  }
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), timeoutMs);
  const result = await daemon.exited;
  clearTimeout(timer);
  return { ...result, ms: performance.now() - startedAt, forced: result.signal === 'SIGKILL' };
}

// Runs a benchmark's main() under a deadline, with SIGINT/SIGTERM and errors handled the same
// way everywhere: `kill()` stops what the bench started at once (before a forced exit),
// `finish()` stops it gracefully at the end, and `cleanUp()` kills survivors, returning them.
export async function runGuarded(main, { deadlineMs, log, cleanUp, kill = () => {}, finish }) {
  const deadline = setTimeout(() => {
    kill();
    log(`gave up after ${deadlineMs / 1000} s; killed: ${cleanUp().join('; ') || 'nothing'}`);
    process.exit(1);
  }, deadlineMs);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      kill();
      cleanUp();
      process.exit(130);
    });
  }
  try {
    await main();
  } catch (error) {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    if (finish) await finish();
    const leftovers = cleanUp();
    if (leftovers.length > 0) log(`killed leftovers: ${leftovers.join('; ')}`);
  }
}
