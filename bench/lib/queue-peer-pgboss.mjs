// pg-boss 10 as a queue-benchmark peer, in its own schema of the local PostgreSQL: the producer
// is a PgBoss instance in the benchmark's process (its maintenance and cron off: the worker's
// instance keeps pg-boss's defaults), the worker one in its own process
// (queue-workers/pgboss-worker.mjs). The schema is dropped at close.
import PgBoss from 'pg-boss';
import { dropSchema } from './pg-schema.mjs';

const workerScript = new URL('./queue-workers/pgboss-worker.mjs', import.meta.url).pathname;

// Jobs per fetch, pg-boss's throughput knob: a batch runs at most `concurrency` jobs at a time
// and completes in one statement. 500, as many jobs as graphile-worker's local queue holds
// ahead: measured here at concurrency 50, 100 gave ≈ 8,500 jobs/s, 200 ≈ 10,800, 500 ≈ 15,700,
// 1,000 ≈ 9,400 and 2,000 ≈ 6,000 (bench/README.md, queue).
export const batchSizeFor = (concurrency) => Math.max(500, concurrency);

export function createBossPeer({ pgUrl, schema, children }) {
  let boss = null;
  const created = new Set();
  const ensureQueue = async (name) => {
    if (created.has(name)) return;
    await boss.createQueue(name);
    created.add(name);
  };
  return {
    id: 'pg_boss',
    label: 'pg-boss, PostgreSQL',
    async open() {
      await dropSchema(pgUrl, schema);
      boss = new PgBoss({ connectionString: pgUrl, schema, supervise: false, schedule: false });
      boss.on('error', (error) => console.error(`pg-boss: ${error.message}`));
      await boss.start();
    },
    settings: (concurrency) =>
      `work() batchSize: ${batchSizeFor(concurrency)}, pollingIntervalSeconds: 0.5 (its minimum), ` +
      `notifyWorker() after a full batch; ${concurrency} of a batch at a time`,
    async enqueue(queue, data) {
      await ensureQueue(queue);
      await boss.send(queue, data);
    },
    async enqueueMany(queue, n) {
      await ensureQueue(queue);
      for (let i = 0; i < n; i += 1000) {
        const count = Math.min(1000, n - i);
        await boss.insert(
          Array.from({ length: count }, (_, j) => ({ name: queue, data: { i: i + j } })),
        );
      }
    },
    remaining: (queue) => boss.getQueueSize(queue, { before: 'completed' }),
    async startWorker({ queue, concurrency, env }) {
      await ensureQueue(queue);
      return children.spawn([process.execPath, workerScript], {
        env: {
          ...env,
          BENCH_PG: pgUrl,
          BENCH_SCHEMA: schema,
          BENCH_QUEUE: queue,
          BENCH_CONCURRENCY: String(concurrency),
          BENCH_BATCH: String(batchSizeFor(concurrency)),
        },
      });
    },
    async close() {
      await boss?.stop({ graceful: false, wait: true }).catch(() => {});
      await dropSchema(pgUrl, schema);
    },
  };
}
