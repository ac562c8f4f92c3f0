// The shape of crew.yaml (snake_case, as written), checked field by field with zod. Units are
// converted here; rules that involve several fields live in rules.ts, paths in normalise.ts.
import { z } from 'zod';
import { splitCommand } from './command.js';
import { describeValue } from './issues.js';
import {
  DEFAULT_PROCESS_NAME,
  NAME_PATTERN,
  NAME_RULE,
  type Placeholder,
  renderTemplate,
  templateProblem,
} from './process-names.js';
import { parseBytes, parseDurationMs } from './units.js';

const SIGNALS = ['TERM', 'HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2'] as const;

// A schema-level message for unions and other type mismatches: "expected ..., got ...".
function expecting(what: string) {
  return {
    error: (iss: { input?: unknown }) =>
      iss.input === undefined ? 'is required' : `expected ${what}, got ${describeValue(iss.input)}`,
  };
}

function unit(parse: (v: string | number) => number, what: string, min = 0, minText = '') {
  return z.union([z.string(), z.number()], expecting(what)).transform((v, ctx) => {
    try {
      const n = parse(v);
      if (n >= min) return n;
      ctx.addIssue({
        code: 'custom',
        message: `must be at least ${minText}, got ${describeValue(v)}`,
      });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });
}

const duration = (minMs = 0, minText = '') =>
  unit(parseDurationMs, 'a duration like 500ms, 5s or 1m', minMs, minText);
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
  const bare = v.toUpperCase().replace(/^SIG/, '');
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

const logFiles = z.strictObject({
  file: logPath,
  // null or absent: stderr goes into the stdout file.
  stderr: logPath.nullable().default(null),
  // 0 turns rotation off.
  max_bytes: bytes.default(50 * 1024 ** 2),
  backups: z.int().min(0).default(10),
});

export const poolSchema = z.strictObject({
  command,
  shell: z.boolean().default(false),
  processes: z.int().min(0).default(1),
  process_name: processName.default(DEFAULT_PROCESS_NAME),
  env: z.record(envKey, z.string()).default({}),
  cwd: z.string().min(1).optional(),
  autostart: z.boolean().default(true),
  autorestart: z
    .union([z.boolean(), z.literal('unexpected')], expecting('true, false or unexpected'))
    .default('unexpected'),
  exitcodes: z
    .preprocess((v) => (typeof v === 'number' ? [v] : v), z.array(z.int().min(0).max(255)))
    .default([0]),
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
});

export const configSchema = z.strictObject({
  control: z.strictObject({ socket: z.string().min(1) }).optional(),
  run_dir: z.string().min(1).optional(),
  // Pool names are checked in rules.ts, so a bad name does not hide mistakes inside the pool.
  pools: z.record(z.string(), poolSchema),
  // Keys starting with `x-` are dropped before validation (see load.ts), for YAML anchors.
  // Planned top-level sections, rejected as unknown keys until the code that reads them lands:
  //   budget: the container's memory ceiling (bytes, or taken from the cgroup) — src/scale
  //   store:  the job store (SQLite file or PostgreSQL URL) — src/queue
  //   http:   status JSON, /metrics and the dashboard on 127.0.0.1 — src/observe
});

export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedPool = z.output<typeof poolSchema>;
