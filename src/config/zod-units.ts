// zod pieces for values written with units: a schema-level "expected ..., got ..." message, and
// a transform from text or number through a unit parser with a minimum and a maximum. Shared by
// schema.ts, pool-schema.ts, worker-fields.ts and autoscale.ts.
import { z } from 'zod';
import { describeValue } from './issues.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT } from './limits.js';
import { parseDurationMs } from './units.js';

// A schema-level message for unions and other type mismatches: "expected ..., got ...".
export function expecting(what: string) {
  return {
    error: (iss: { input?: unknown }) =>
      iss.input === undefined ? 'is required' : `expected ${what}, got ${describeValue(iss.input)}`,
  };
}

export interface UnitBounds {
  readonly min?: number;
  readonly minText?: string;
  readonly max?: number;
  readonly maxText?: string;
}

export function unit(
  parse: (v: string | number) => number,
  what: string,
  { min = 0, minText = '', max = Number.POSITIVE_INFINITY, maxText = '' }: UnitBounds = {},
) {
  return z.union([z.string(), z.number()], expecting(what)).transform((v, ctx) => {
    try {
      const n = parse(v);
      if (n < min) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at least ${minText}, got ${describeValue(v)}`,
        });
      } else if (n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${maxText}, got ${describeValue(v)}`,
        });
      } else {
        return n;
      }
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });
}

// A duration in ms, from minMs up to MAX_DURATION_MS.
export const duration = (minMs = 0, minText = '') =>
  unit(parseDurationMs, 'a duration like 500ms, 5s or 1m', {
    min: minMs,
    minText,
    max: MAX_DURATION_MS,
    maxText: MAX_DURATION_TEXT,
  });
