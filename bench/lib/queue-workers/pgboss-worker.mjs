// pg-boss 10's work() at its fastest: `batchSize` jobs per fetch, the shortest polling interval it
// accepts (0.5 s), and notifyWorker() after a full batch, which skips the poll wait so a backlog
// is fetched back to back (work() otherwise waits the interval after every fetch). The jobs of a
// batch run at most $BENCH_CONCURRENCY at a time. pg-boss 10 has no LISTEN/NOTIFY: a job added by
// another process is found by the next poll.
import PgBoss from 'pg-boss';
import { ready, started } from './probe.mjs';

const concurrency = Number(process.env.BENCH_CONCURRENCY);
const batchSize = Number(process.env.BENCH_BATCH);
const boss = new PgBoss({
  connectionString: process.env.BENCH_PG,
  schema: process.env.BENCH_SCHEMA,
});
boss.on('error', (error) => console.error(error));
await boss.start();

const noop = async (data) => started(data);

async function runBatch(jobs) {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await noop(jobs[next++].data);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
}

let id = null;
id = await boss.work(
  process.env.BENCH_QUEUE,
  { batchSize, pollingIntervalSeconds: 0.5 },
  async (jobs) => {
    await runBatch(jobs);
    if (jobs.length === batchSize && id) boss.notifyWorker(id);
  },
);
ready();
