// BullMQ as a queue-benchmark peer, on the local Redis: the producer is a Queue in the benchmark's
// process, the worker a Worker in its own (queue-workers/bullmq-worker.mjs). Jobs are added with
// removeOnComplete / removeOnFail, as BullMQ's docs advise for volume (completed jobs are
// otherwise kept in Redis for ever); every queue it used is obliterated at close.
import { Queue } from 'bullmq';

const workerScript = new URL('./queue-workers/bullmq-worker.mjs', import.meta.url).pathname;
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true };

export function createBullPeer({ redisUrl, children, prefix }) {
  const url = new URL(redisUrl);
  const connection = { host: url.hostname, port: Number(url.port || 6379) };
  const queues = new Map();
  const queueOf = (name) => {
    const full = `${prefix}-${name}`;
    if (!queues.has(full)) queues.set(full, new Queue(full, { connection }));
    return queues.get(full);
  };
  return {
    id: 'bullmq',
    label: 'BullMQ, Redis',
    async open() {},
    settings: (concurrency) =>
      `Worker concurrency: ${concurrency}; blocking fetch (BZPOPMIN on the marker); ` +
      'jobs removeOnComplete/removeOnFail',
    enqueue: (queue, data) => queueOf(queue).add('noop', data, JOB_OPTIONS),
    async enqueueMany(queue, n) {
      for (let i = 0; i < n; i += 1000) {
        const count = Math.min(1000, n - i);
        await queueOf(queue).addBulk(
          Array.from({ length: count }, (_, j) => ({
            name: 'noop',
            data: { i: i + j },
            opts: JOB_OPTIONS,
          })),
        );
      }
    },
    async remaining(queue) {
      const counts = await queueOf(queue).getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
        'paused',
      );
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    startWorker: ({ queue, concurrency, env }) =>
      children.spawn([process.execPath, workerScript], {
        env: {
          ...env,
          BENCH_REDIS: redisUrl,
          BENCH_QUEUE: `${prefix}-${queue}`,
          BENCH_CONCURRENCY: String(concurrency),
        },
      }),
    async close() {
      for (const queue of queues.values()) {
        await queue.obliterate({ force: true }).catch(() => {});
        await queue.close();
      }
    },
  };
}
