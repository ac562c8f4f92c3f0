// crew.yaml's autoscaling settings of a pool: `processes: 1..4` or `processes: {min: 1, max: 4}`
// (a plain number stays a fixed count), `target_wait` and the optional `scale:` timings. The
// schemas, their normalisation and the rules between them live here so that schema.ts,
// normalise.ts and rules.ts each take them in a line.
import { z } from 'zod';
import { DEFAULT_TARGET_WAIT_MS, defaultScaleSettings } from '../scale/spec.js';
import { describeValue } from './issues.js';
import { MAX_PROCESSES } from './limits.js';
import type { AutoscaleConfig } from './types.js';
import { duration } from './zod-units.js';

const COUNT_OR_RANGE = 'a count like 3, a range like 1..4, or {min: 1, max: 4}';
const RANGE = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/;

const TOO_MANY = `must be at most ${MAX_PROCESSES} (crew's limit for one pool)`;
const tooMany = {
  error: (iss: { input?: unknown }) => `${TOO_MANY}, got ${describeValue(iss.input)}`,
};

type Range = { readonly min: number; readonly max: number };

function rangeProblem(min: number, max: number): string | null {
  if (max < 1) return `max must be at least 1, got ${max}`;
  if (max > MAX_PROCESSES) return `max ${TOO_MANY}, got ${max}`;
  if (min > max) return `min (${min}) must not be more than max (${max})`;
  return null;
}

const rangeText = z.string().transform((v, ctx): Range => {
  const match = RANGE.exec(v);
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message: `expected ${COUNT_OR_RANGE}, got ${describeValue(v)}`,
    });
    return z.NEVER;
  }
  const range = { min: Number(match[1]), max: Number(match[2]) };
  const problem = rangeProblem(range.min, range.max);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
  return range;
});

const rangeObject = z
  .strictObject({ min: z.int().min(0), max: z.int().min(1) })
  .superRefine((v, ctx) => {
    const problem = rangeProblem(v.min, v.max);
    if (problem) ctx.addIssue({ code: 'custom', path: ['max'], message: problem });
  });

// A fixed count, or the range an autoscaled pool keeps to.
export const processesSchema = z.union(
  [z.int().min(0).max(MAX_PROCESSES, tooMany), rangeText, rangeObject],
  {
    error: (iss: { input?: unknown }) =>
      `expected ${COUNT_OR_RANGE}, got ${describeValue(iss.input)}`,
  },
);

export const targetWaitSchema = duration(100, '100ms');

export const scaleSchema = z.strictObject({
  up_cooldown: duration(0, '0s').optional(),
  down_window: duration(0, '0s').optional(),
  down_cooldown: duration(0, '0s').optional(),
});

export interface AutoscaleFields {
  readonly processes: number;
  readonly autoscale: AutoscaleConfig | null;
  readonly targetWaitMs: number | null;
}

// The PoolConfig fields from the parsed ones: an autoscaled pool starts at its min.
export function autoscaleFieldsOf(pool: {
  readonly processes: number | Range;
  readonly target_wait?: number | undefined;
  readonly scale?: z.output<typeof scaleSchema> | undefined;
}): AutoscaleFields {
  const { processes } = pool;
  if (typeof processes === 'number') {
    return { processes, autoscale: null, targetWaitMs: pool.target_wait ?? null };
  }
  const defaults = defaultScaleSettings;
  return {
    processes: processes.min,
    autoscale: {
      min: processes.min,
      max: processes.max,
      upCooldownMs: pool.scale?.up_cooldown ?? defaults.upCooldownMs,
      downWindowMs: pool.scale?.down_window ?? defaults.downWindowMs,
      downCooldownMs: pool.scale?.down_cooldown ?? defaults.downCooldownMs,
    },
    targetWaitMs: pool.target_wait ?? DEFAULT_TARGET_WAIT_MS,
  };
}

// The most processes a pool may have, from the raw YAML value (null when it is not valid): the
// process-name rules must hold for every process an autoscaled pool may start.
export function maxProcessesOf(value: unknown): number | null {
  const parsed = processesSchema.safeParse(value ?? 1);
  if (!parsed.success) return null;
  return typeof parsed.data === 'number' ? parsed.data : parsed.data.max;
}

// `scale:` only means something for a pool with a range of processes.
export function autoscaleWarnings(
  pool: Readonly<Record<string, unknown>>,
  path: readonly (string | number)[],
): { path: readonly (string | number)[]; at: 'key'; message: string }[] {
  if (pool.scale === undefined) return [];
  const parsed = processesSchema.safeParse(pool.processes ?? 1);
  if (!parsed.success || typeof parsed.data !== 'number') return [];
  const message = `has no effect: processes is a fixed ${parsed.data}; write a range such as 1..${Math.max(2, parsed.data)} to autoscale`;
  return [{ path, at: 'key', message }];
}

// `1..4` for an autoscaled pool, `3` for a fixed one.
export function describeProcesses(pool: {
  readonly processes: number;
  readonly autoscale: AutoscaleConfig | null;
}): string {
  return pool.autoscale ? `${pool.autoscale.min}..${pool.autoscale.max}` : String(pool.processes);
}
