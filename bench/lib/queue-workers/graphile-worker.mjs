// graphile-worker's run() as its performance page configures it: `concurrency` jobs at once, the
// local queue (jobs fetched and locked in batches of localQueue.size, handed out without a round
// trip each) and batched completion (completeJobBatchDelay / failJobBatchDelay: 0, i.e. the
// completions of one tick go in one statement). New jobs wake it through LISTEN/NOTIFY, which it
// always uses; pollInterval only matters for jobs that fall due later. A logger that keeps
// warnings and errors: the default one writes a line per job.
import { Logger, run } from 'graphile-worker';
import { ready, started } from './probe.mjs';

const concurrency = Number(process.env.BENCH_CONCURRENCY);
const quiet = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(message);
});
const runner = await run({
  connectionString: process.env.BENCH_PG,
  schema: process.env.BENCH_SCHEMA,
  concurrency,
  maxPoolSize: Math.max(10, concurrency + 1),
  pollInterval: Number(process.env.BENCH_POLL_MS),
  logger: quiet,
  taskList: { noop: async (payload) => started(payload) },
  preset: {
    worker: {
      localQueue: { size: Number(process.env.BENCH_LOCAL_QUEUE) },
      completeJobBatchDelay: 0,
      failJobBatchDelay: 0,
    },
  },
});
runner.promise.catch((error) => console.error(error));
ready();
