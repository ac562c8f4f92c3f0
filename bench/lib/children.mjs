// Worker processes a benchmark starts: each tracked until it has exited, its stderr kept for the
// error message, and every one still alive killed by killAll() when the run ends, however it ends.
import { spawn } from 'node:child_process';

export function createChildren() {
  const alive = new Set();
  return {
    // Spawns argv with `env` added to this process's; stdout is dropped, stderr kept. `ipc`: with
    // a Node IPC channel, whose messages are read and dropped.
    spawn(argv, { env = {}, cwd, ipc = false } = {}) {
      const child = spawn(argv[0], argv.slice(1), {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? ['ipc'] : [])],
      });
      if (ipc) child.on('message', () => {});
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.exited = new Promise((resolve) => child.once('exit', resolve));
      child.stderrText = () => stderr;
      alive.add(child);
      void child.exited.then(() => alive.delete(child));
      return child;
    },
    // SIGKILL (default), or `signal` first and SIGKILL after `graceMs`; resolves once it exited.
    async stop(child, { signal = 'SIGKILL', graceMs = 10_000 } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await child.exited;
      clearTimeout(timer);
    },
    killAll() {
      for (const child of alive) child.kill('SIGKILL');
    },
  };
}
