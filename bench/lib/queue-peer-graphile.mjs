// graphile-worker as a queue-benchmark peer, in its own schema of the local PostgreSQL: the
// producer is makeWorkerUtils (addJob / addJobs) in the benchmark's process, the worker run() in
// its own (queue-workers/graphile-worker.mjs). Its jobs are one task, `noop`, with no queue name
// (a named queue would run its jobs one at a time), so the `queue` of a session only labels it:
// the sessions run one after the other, each until the table is empty.
import { makeWorkerUtils } from 'graphile-worker';
import { dropSchema } from './pg-schema.mjs';

const workerScript = new URL('./queue-workers/graphile-worker.mjs', import.meta.url).pathname;

// The local queue's size: the figure of graphile-worker's performance page (500, with 24 jobs at
// once), and never below its other advice, concurrency + 1.
export const localQueueFor = (concurrency) => Math.max(500, concurrency + 1);
// Its default: with LISTEN/NOTIFY a new job is fetched at once; the poll finds jobs falling due.
export const POLL_MS = 2000;

export function createGraphilePeer({ pgUrl, schema, children }) {
  let utils = null;
  return {
    id: 'graphile_worker',
    label: 'graphile-worker, PostgreSQL',
    async open() {
      await dropSchema(pgUrl, schema);
      utils = await makeWorkerUtils({ connectionString: pgUrl, schema });
      await utils.migrate();
    },
    settings: (concurrency) =>
      `run() concurrency: ${concurrency}, localQueue.size: ${localQueueFor(concurrency)}, ` +
      `completeJobBatchDelay: 0, failJobBatchDelay: 0, pollInterval: ${POLL_MS} ms ` +
      `(default), LISTEN/NOTIFY, maxPoolSize: ${Math.max(10, concurrency + 1)}`,
    enqueue: (_queue, data) => utils.addJob('noop', data),
    async enqueueMany(_queue, n) {
      for (let i = 0; i < n; i += 1000) {
        const count = Math.min(1000, n - i);
        await utils.addJobs(
          Array.from({ length: count }, (_, j) => ({ identifier: 'noop', payload: { i: i + j } })),
        );
      }
    },
    remaining: () =>
      utils.withPgClient(async (client) => {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM ${schema}._private_jobs`,
        );
        return rows[0].n;
      }),
    // Jobs no session drains (the enqueue-rate rows) would otherwise go to the next worker.
    clear: () =>
      utils.withPgClient((client) => client.query(`DELETE FROM ${schema}._private_jobs`)),
    startWorker: ({ concurrency, env }) =>
      children.spawn([process.execPath, workerScript], {
        env: {
          ...env,
          BENCH_PG: pgUrl,
          BENCH_SCHEMA: schema,
          BENCH_CONCURRENCY: String(concurrency),
          BENCH_LOCAL_QUEUE: String(localQueueFor(concurrency)),
          BENCH_POLL_MS: String(POLL_MS),
        },
      }),
    async close() {
      await utils?.release();
      await dropSchema(pgUrl, schema);
    },
  };
}
