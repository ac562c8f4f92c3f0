// The shape of one pool in crew.yaml (snake_case, as written), checked field by field with zod.
// The worker and backlog fields come from worker-fields.ts, memory sizes from memory-fields.ts,
// autoscaling from autoscale.ts; rules between fields live in rules.ts.
import { z } from 'zod';
import { processesSchema, scaleSchema, targetWaitSchema } from './autoscale.js';
import { splitCommand } from './command.js';
import { fpmField } from './fpm-fields.js';
import { describeValue } from './issues.js';
import { MAX_LOG_BACKUPS } from './limits.js';
import { memory } from './memory-fields.js';
import {
  DEFAULT_PROCESS_NAME,
  NAME_PATTERN,
  NAME_RULE,
  type Placeholder,
  renderTemplate,
  templateProblem,
} from './process-names.js';
import { normaliseSignal } from './signals.js';
import { parseBytes } from './units.js';
import { workerFields } from './worker-fields.js';
import { duration, expecting, unit } from './zod-units.js';

const SIGNALS = ['TERM', 'HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2'] as const;

const bytes = unit(parseBytes, 'a size like 512KiB, 50MiB or 1GiB');

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
  backups: z.int().min(0).max(MAX_LOG_BACKUPS).default(10),
});

export const poolSchema = z.strictObject({
  // One of command (any program), handlers (Node job handlers run by crew) and fpm (PHP-FPM,
  // whose command crew writes unless given); see worker-rules.ts and fpm-rules.ts.
  command: command.optional(),
  fpm: fpmField.optional(),
  ...workerFields,
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
  // Default SIGTERM; SIGQUIT (FPM's graceful stop) for an fpm: pool.
  stopsignal: signal.optional(),
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
