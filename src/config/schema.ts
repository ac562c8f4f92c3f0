// The shape of crew.yaml (snake_case, as written), checked field by field with zod. Units are
// converted here; rules that involve several fields live in rules.ts, paths in normalise.ts.

import { z } from 'zod';
import { processesSchema, scaleSchema, targetWaitSchema } from './autoscale.js';
import { splitCommand } from './command.js';
import { databaseUrl, tableName } from './database-fields.js';
import { describeValue } from './issues.js';
import { DEFAULT_HTTP_LISTEN, parseListen, TOKEN_PATTERN } from './listen-address.js';
import {
  DEFAULT_PROCESS_NAME,
  NAME_PATTERN,
  NAME_RULE,
  type Placeholder,
  renderTemplate,
  templateProblem,
} from './process-names.js';
import { normaliseSignal } from './signals.js';
import type { BudgetSpec } from './types.js';
import { parseBytes } from './units.js';
import { duration, expecting, unit } from './zod-units.js';

const SIGNALS = ['TERM', 'HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2'] as const;

const bytes = unit(parseBytes, 'a size like 512KiB, 50MiB or 1GiB');

// Memory of a process or of the container: nothing real is below 1 MiB, so a smaller value is
// almost always a bare number meant as MiB (`128` is 128 bytes).
export const MIN_MEMORY_BYTES = 1024 ** 2;

function memoryProblem(v: string | number, n: number): string | null {
  if (n >= MIN_MEMORY_BYTES) return null;
  const bare = typeof v === 'number' || /^\s*\d+(?:\.\d+)?\s*$/.test(v);
  const hint =
    bare && n > 0 ? `; a bare number is bytes, did you mean ${String(v).trim()}MiB?` : '';
  return `must be at least 1MiB, got ${describeValue(v)}${hint}`;
}

const memory = z
  .union([z.string(), z.number()], expecting('a size like 128MiB or 1GiB'))
  .transform((v, ctx) => {
    try {
      const n = parseBytes(v);
      const problem = memoryProblem(v, n);
      if (problem === null) return n;
      ctx.addIssue({ code: 'custom', message: problem });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });

const BUDGET_EXPECTED = 'a size like 400MiB, a percentage like "90%", or auto';

// `400MiB` (a bare number is bytes, as for every size), `"90%"` of the container limit, or `auto`.
const budget = z
  .union([z.string(), z.number()], expecting(BUDGET_EXPECTED))
  .transform((v, ctx): BudgetSpec => {
    const text = typeof v === 'string' ? v.trim() : '';
    if (text.toLowerCase() === 'auto') return { kind: 'auto' };
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (percent) {
      const value = Number(percent[1]);
      if (value >= 1 && value <= 100) return { kind: 'percent', percent: value };
      ctx.addIssue({
        code: 'custom',
        message: `must be between 1% and 100%, got ${describeValue(v)}`,
      });
      return z.NEVER;
    }
    try {
      const n = parseBytes(v);
      const problem = memoryProblem(v, n);
      if (problem === null) return { kind: 'bytes', bytes: n };
      ctx.addIssue({ code: 'custom', message: problem });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${BUDGET_EXPECTED}, got ${describeValue(v)}`,
      });
    }
    return z.NEVER;
  });

const name = z.string().regex(NAME_PATTERN, NAME_RULE);

function template(allowed: readonly Placeholder[]) {
  return z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      const problem = templateProblem(v, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

const processName = template(['pool', 'num']).superRefine((v, ctx) => {
  if (
    templateProblem(v, ['pool', 'num']) === null &&
    !NAME_PATTERN.test(renderTemplate(v, { pool: 'p', num: 0 }))
  ) {
    ctx.addIssue({ code: 'custom', message: `must make names that ${NAME_RULE}` });
  }
});

const logPath = template(['name', 'pool', 'num']);

// A command string (split like sh would, keeping the text for `shell: true`) or an argv list.
const command = z
  .union([z.string(), z.array(z.string())], expecting('a command string or a list of arguments'))
  .transform((v, ctx) => {
    if (typeof v !== 'string') {
      if (v.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be an empty list' });
      else if (v[0] === '')
        ctx.addIssue({ code: 'custom', path: [0], message: 'the program must not be empty' });
      return { text: null, argv: v };
    }
    try {
      const argv = splitCommand(v);
      if (argv.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      return { text: v, argv };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const signal = z.string().transform((v, ctx) => {
  const bare = normaliseSignal(v).slice('SIG'.length);
  if ((SIGNALS as readonly string[]).includes(bare)) return `SIG${bare}` as NodeJS.Signals;
  ctx.addIssue({
    code: 'custom',
    message: `expected one of ${SIGNALS.join(', ')}, got ${describeValue(v)}`,
  });
  return z.NEVER;
});

const envKey = z
  .string()
  .regex(/^[^=\0]+$/, 'environment variable names must not be empty or hold = or NUL');

const exitCodes = z.preprocess(
  (v) => (typeof v === 'number' ? [v] : v),
  z.array(z.int().min(0).max(255)),
);

const recycle = z
  .strictObject({
    // PSS of the process tree; above 1.5 × this the process is killed at once as a runaway.
    max_memory: memory.nullable().default(null),
    max_uptime: duration(1000, '1s').nullable().default(null),
    // Laravel's `queue:work --memory` exits 12 when it has used too much.
    exit_codes: exitCodes.default([12]),
    // Handler pools: replace a process after this many jobs (Laravel's --max-jobs).
    max_jobs: z.int().min(1).nullable().default(null),
  })
  .default({ max_memory: null, max_uptime: null, exit_codes: [12], max_jobs: null });

const logFiles = z.strictObject({
  file: logPath,
  // null or absent: stderr goes into the stdout file.
  stderr: logPath.nullable().default(null),
  // 0 turns rotation off.
  max_bytes: bytes.default(50 * 1024 ** 2),
  backups: z.int().min(0).default(10),
});

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
  retry_after: duration(1000, '1s').default(90_000),
  // Laravel's Redis key prefix (database.redis.options.prefix), e.g. laravel_database_.
  prefix: z.string().default(''),
});

export const poolSchema = z.strictObject({
  // One of command (any program) and handlers (Node job handlers run by crew); see rules.ts.
  command: command.optional(),
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
  // Wait between claims while the queues are empty.
  poll: duration(10, '10ms').default(1000),
  backlog: backlog.optional(),
  shell: z.boolean().default(false),
  processes: processesSchema.default(1),
  target_wait: targetWaitSchema.optional(),
  scale: scaleSchema.optional(),
  process_name: processName.default(DEFAULT_PROCESS_NAME),
  env: z.record(envKey, z.string()).default({}),
  cwd: z.string().min(1).optional(),
  autostart: z.boolean().default(true),
  autorestart: z
    .union([z.boolean(), z.literal('unexpected')], expecting('true, false or unexpected'))
    .default('unexpected'),
  exitcodes: exitCodes.default([0]),
  startsecs: duration().default(1000),
  startretries: z.int().min(0).default(3),
  backoff: duration(100, '100ms').default(1000),
  stopsignal: signal.default('SIGTERM'),
  stop_timeout: duration().default(10_000),
  kill_tree: z.boolean().default(true),
  priority: z.int().default(999),
  critical: z.boolean().default(false),
  group: name.nullable().default(null),
  logs: z
    .union([z.literal('stdout'), logFiles], expecting('stdout or a mapping with file:'))
    .default('stdout'),
  expect_memory: memory.nullable().default(null),
  recycle,
});

// `http: false` turns HTTP off; `true` or a mapping turns it on (the default, on loopback).
// Whether a non-loopback address has its token is checked in rules.ts.
const http = z
  .union(
    [
      z.boolean(),
      z.strictObject({
        listen: z
          .union([z.string(), z.number()], expecting('an address like 127.0.0.1:9099'))
          .transform((v, ctx) => {
            try {
              return parseListen(v);
            } catch (error) {
              ctx.addIssue({ code: 'custom', message: (error as Error).message });
              return z.NEVER;
            }
          })
          .default(DEFAULT_HTTP_LISTEN),
        token: z
          .string()
          .regex(TOKEN_PATTERN, 'must be one word of visible ASCII characters (no spaces)')
          .nullable()
          .default(null),
      }),
    ],
    expecting('false or a mapping with listen:'),
  )
  .default(true);

export const configSchema = z.strictObject({
  control: z.strictObject({ socket: z.string().min(1) }).optional(),
  run_dir: z.string().min(1).optional(),
  // Pool names are checked in rules.ts, so a bad name does not hide mistakes inside the pool.
  pools: z.record(z.string(), poolSchema),
  budget: budget.nullable().default(null),
  sample_interval: duration(100, '100ms').default(1000),
  // The job store: sqlite:PATH (relative to this file) or postgres://USER@HOST/DB.
  store: databaseUrl('store').default('sqlite:var/crew.db'),
  http,
  // Keys starting with `x-` are dropped before validation (see load.ts), for YAML anchors.
});

export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedPool = z.output<typeof poolSchema>;
