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
import { normaliseSignal } from './signals.js';
import type { BudgetSpec } from './types.js';
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
  })
  .default({ max_memory: null, max_uptime: null, exit_codes: [12] });

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

export const configSchema = z.strictObject({
  control: z.strictObject({ socket: z.string().min(1) }).optional(),
  run_dir: z.string().min(1).optional(),
  // Pool names are checked in rules.ts, so a bad name does not hide mistakes inside the pool.
  pools: z.record(z.string(), poolSchema),
  budget: budget.nullable().default(null),
  sample_interval: duration(100, '100ms').default(1000),
  // Keys starting with `x-` are dropped before validation (see load.ts), for YAML anchors.
  // Planned top-level sections, rejected as unknown keys until the code that reads them lands:
  //   store:  the job store (SQLite file or PostgreSQL URL) — src/queue
  //   http:   status JSON, /metrics and the dashboard on 127.0.0.1 — src/observe
});

export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedPool = z.output<typeof poolSchema>;
