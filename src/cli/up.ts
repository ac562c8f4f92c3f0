// `crew up`: the daemon in the foreground, a container's entrypoint. SIGTERM/SIGINT stop
// everything gracefully; a second SIGINT kills at once; SIGHUP reloads the config.
import type { Output } from './output.js';

// Runs until everything has stopped; resolves with the exit code.
export async function up(options: { config: string }, output: Output): Promise<number> {
  // crew's own output failing (a closed pipe: `crew up 2>&1 | tee log`, then Ctrl-C kills tee
  // first) must never keep crew from stopping its children: a write error is ignored, and the
  // writes after it are dropped by the stream.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  // The handlers go in before anything starts: a SIGTERM that arrives while the daemon starts
  // (a container stopped at once) is kept and acted on as soon as it can be, never Node's default
  // of dying on the spot with the children left running.
  let daemon: Awaited<ReturnType<typeof import('../daemon/daemon.js').startDaemon>> | null = null;
  let pending: NodeJS.Signals | null = null;
  // Before the daemon has read the config, text; then the daemon's log, in its log_format.
  const text = (line: string) => output.err(`crew | ${line}`);
  const log = (line: string) => (daemon ? daemon.log(line) : text(line));

  let interrupts = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT') interrupts += 1;
    if (!daemon) {
      pending = signal;
      return;
    }
    if (interrupts >= 2) {
      log('second interrupt: killing every process group now');
      daemon.kill();
      return;
    }
    log(`${signal}: stopping`);
    void daemon.shutdown(0);
  };
  const reload = () => {
    if (!daemon) return;
    daemon.reload().catch((error: Error & { details?: string[] }) => {
      log(`reload failed, keeping the running config: ${error.message}`);
      for (const detail of error.details ?? []) log(`  ${detail}`);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', reload);
  try {
    const { startDaemon } = await import('../daemon/daemon.js');
    daemon = await startDaemon({
      configFile: options.config,
      log: text,
      write: (line) => output.err(line),
    });
    log(`up: ${daemon.config().pools.length} pools, control socket ${daemon.socketPath}`);
    if (pending) stop(pending);
    return await daemon.done;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.off('SIGHUP', reload);
  }
}
