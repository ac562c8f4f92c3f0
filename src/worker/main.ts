// Entry point of a worker process (crew spawns it for pools with `handlers:`). It opens its own
// store handle, loads the handlers, runs the host, and drains on SIGTERM/SIGINT or when the
// daemon goes away. Bad input never kills it: a payload it cannot run goes to failed_jobs, and a
// stray exception from handler code is logged, not fatal.
import { isCrewError } from '../errors/crew-error.js';
import { openStore } from '../queue/open-store.js';
import { HOLDER_PATTERN } from '../queue/store.js';
import { loadHandlers } from './handlers.js';
import { createHost } from './host.js';
import type { WorkerMessage } from './messages.js';
import { readWorkerSpec } from './spec.js';

// sysexits' EX_CONFIG: the supervisor sees a quick exit and gives up after startretries.
const EX_CONFIG = 78;

// crew reads stdout/stderr through pipes: once crew is gone a write fails with EPIPE. A failed
// write is dropped (and no more are tried): logging it would fail the same way, for ever.
let outputBroken = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {
    outputBroken = true;
  });
}
const log = (line: string) => {
  if (!outputBroken) process.stderr.write(`${line}\n`);
};

// CREW_INSTANCE: this spawn's id, set by crew; claims carry it so crew can put them back if this
// process dies. Absent when the worker runs on its own (its jobs then wait for their leases).
const holderOf = (env: NodeJS.ProcessEnv): { holder?: string } => {
  const instance = env.CREW_INSTANCE;
  return instance && HOLDER_PATTERN.test(instance) ? { holder: instance } : {};
};

// A store that is there but cannot take writes now (a full disk, a server restarting) is waited
// for in-process, with backoff: exiting would only have crew restart this process in a loop.
// A store that is unusable (not a database, damaged, a bad URL) is a configuration exit.
const TRANSIENT = new Set(['CREW_STORE', 'CREW_STORE_FULL']);

async function openWhenReady(spec: ReturnType<typeof readWorkerSpec>) {
  let lastProblem = '';
  for (let attempt = 0; ; attempt++) {
    try {
      const store = await openStore(spec.store, holderOf(process.env));
      try {
        await store.migrate();
      } catch (error) {
        await store.close().catch(() => {});
        throw error;
      }
      if (attempt > 0) log('the job store answers again');
      return store;
    } catch (error) {
      if (!isCrewError(error) || !TRANSIENT.has(error.code)) throw error;
      if (error.message !== lastProblem) log(`waiting for the job store: ${error.message}`);
      lastProblem = error.message;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** attempt, 30_000)));
    }
  }
}

// Signals operators send to every process (log rotation's USR1 or USR2, a HUP meant for crew's
// reload, `crew signal USR2 queues:*`): Node's default is to exit on USR2 and HUP and to open its
// inspector on USR1. A worker writes only to crew's pipes, so there is nothing to reopen: it says
// so and keeps running.
const NOTED_SIGNALS = ['SIGUSR1', 'SIGUSR2', 'SIGHUP'] as const;

function noteSignals(): void {
  for (const signal of NOTED_SIGNALS) {
    process.on(signal, () =>
      log(`got ${signal}: nothing to reopen (output goes to crew); still running`),
    );
  }
}

async function main() {
  noteSignals();
  const spec = readWorkerSpec(process.env);
  // Until the host runs, a stop request ends the process at once.
  const early = () => process.exit(0);
  process.on('SIGTERM', early);
  process.on('SIGINT', early);
  process.on('disconnect', early);
  // The daemon may have gone while this module loaded, before any listener could hear it: a
  // channel already closed is the same news (before, such a worker ran on unsupervised).
  if (process.send && !process.connected) early();
  const store = await openWhenReady(spec);
  const handlers = await loadHandlers(spec.handlers);
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  process.off('disconnect', early);
  const send = process.send
    ? (message: WorkerMessage) => {
        if (process.connected) process.send!(message);
      }
    : undefined;
  const host = createHost(spec, { store, handlers, send, log });

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`draining (${why}): ${host.running()} job(s) running`);
    // The drain keeps within stop_timeout; should closing the store hang (a server gone
    // silent), exit anyway a little later rather than run on unsupervised.
    setTimeout(() => process.exit(0), spec.stopTimeoutMs + 5000).unref();
    void host.drain().then(async () => {
      await store.close().catch(() => {});
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The daemon died: finish what is running rather than run on unsupervised.
  process.on('disconnect', () => stop('the daemon went away'));
  process.on('uncaughtException', (error) =>
    log(`uncaught exception from handler code: ${error.stack ?? error}`),
  );
  process.on('unhandledRejection', (reason) =>
    log(`unhandled rejection from handler code: ${String(reason)}`),
  );
  host.start();
  log(
    `worker ${spec.pool}: ${handlers.size} handler(s), queues ${spec.queues.join(', ')}, concurrency ${spec.concurrency}`,
  );
}

main().catch((error) => {
  log(
    isCrewError(error)
      ? [`crew worker: ${error.message}`, ...error.details].join('\n')
      : String(error?.stack ?? error),
  );
  process.exit(EX_CONFIG);
});
