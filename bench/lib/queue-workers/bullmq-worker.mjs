// BullMQ's Worker on the local Redis: `concurrency` jobs at once, fetched with its blocking
// Redis call (BZPOPMIN on the queue's marker key), so a new job wakes it without polling.
// ioredis' maxRetriesPerRequest: null is what BullMQ requires of a Worker's connection.
import { Worker } from 'bullmq';
import { ready, started } from './probe.mjs';

const url = new URL(process.env.BENCH_REDIS);
const worker = new Worker(process.env.BENCH_QUEUE, async (job) => started(job.data), {
  connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
  concurrency: Number(process.env.BENCH_CONCURRENCY),
});
worker.on('error', (error) => console.error(error));
await worker.waitUntilReady();
ready();
