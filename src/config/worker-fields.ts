// The fields of a pool that say what its workers take jobs from: Node handlers with their queues,
// limits and retries (crew's own store), or a `backlog:` that an external worker such as
// `php artisan queue:work` drains. Which of them a pool may combine is checked in worker-rules.ts.
import { z } from 'zod';
import { databaseUrl, tableName } from './database-fields.js';
import { formatDuration } from './units.js';
import { duration, expecting } from './zod-units.js';

// Queue names as Laravel allows them in practice (and as they appear in Redis keys).
export const QUEUE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const queueName = z
  .string()
  .regex(
    QUEUE_PATTERN,
    'queue names start with a letter or digit and hold letters, digits, _ . : -',
  );

const slots = z.int().min(1).max(10_000);
// Jobs at once per process: a number, or a mapping of queue to its own limit.
const concurrency = z.union(
  [slots, z.record(queueName, slots)],
  expecting('a number of jobs at once, or a mapping like {payments: 4, provisioning: 3}'),
);

// Seconds before each retry (a bare number is seconds, as Laravel's $backoff); the last repeats.
const backoffList = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(duration()).min(1));

// Where a pool of external workers (e.g. `php artisan queue:work`) finds its backlog.
const backlog = z.strictObject({
  // sqlite:PATH, postgres://…, mysql://… (a Laravel database queue) or redis://… (a Redis queue).
  source: databaseUrl('backlog'),
  queues: z.array(queueName).min(1),
  // Laravel's table names, optionally schema-qualified (app.jobs).
  table: tableName.default('jobs'),
  failed_table: tableName.default('failed_jobs'),
  // Laravel's queue.connections.*.retry_after: a reservation older than this is delivered again.
  // Whole seconds, as Laravel's is (the watcher counts in the jobs table's Unix seconds).
  retry_after: duration(1000, '1s')
    .refine((ms) => ms % 1000 === 0, {
      error: (iss) => `must be a whole number of seconds, got ${formatDuration(Number(iss.input))}`,
    })
    .default(90_000),
  // Laravel's Redis key prefix (database.redis.options.prefix), e.g. laravel_database_.
  prefix: z.string().default(''),
});

// The pool keys from `handlers:` to `backlog:`, in the order poolSchema lists them.
export const workerFields = {
  // A module exporting async job handlers by name (TypeScript or JavaScript).
  handlers: z.string().min(1).optional(),
  queues: z.array(queueName).min(1).optional(),
  concurrency: concurrency.optional(),
  // Defaults for jobs that do not set their own (Laravel's defaults: 1 try, no backoff, 60 s).
  tries: z.int().min(1).max(255).default(1),
  // Laravel's job $backoff (`backoff` is crew's restart delay, as for every pool).
  retry_backoff: backoffList.default([0]),
  timeout: duration(1, '1ms').default(60_000),
  // How long a handler may run on after its timeout's AbortSignal fired.
  timeout_grace: duration().default(5000),
  // A claimed job is delivered again if its worker does not renew the claim within this.
  lease: duration(1000, '1s').default(60_000),
  // Times a job may be running in a worker that dies (crash, SIGKILL, OOM, a recycle) and go back
  // without spending a try; past this it goes to failed_jobs (a job that keeps killing its worker).
  max_stalls: z.int().min(0).max(255).default(1),
  // Wait between claims while the queues are empty.
  poll: duration(10, '10ms').default(1000),
  // Jobs claimed ahead of free slots and held in the worker (a local queue): one round trip
  // serves many short jobs. 0: each claim takes only what the free slots can start.
  prefetch: z.int().min(0).max(10_000).default(0),
  backlog: backlog.optional(),
};
