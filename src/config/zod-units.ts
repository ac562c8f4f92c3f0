// zod pieces for values written with units: a schema-level "expected ..., got ..." message, and
// a transform from text or number through a unit parser with a minimum. Shared by schema.ts and
// autoscale.ts.
import { z } from 'zod';
import { describeValue } from './issues.js';
import { parseDurationMs } from './units.js';

// A schema-level message for unions and other type mismatches: "expected ..., got ...".
export function expecting(what: string) {
  return {
    error: (iss: { input?: unknown }) =>
      iss.input === undefined ? 'is required' : `expected ${what}, got ${describeValue(iss.input)}`,
  };
}

export function unit(parse: (v: string | number) => number, what: string, min = 0, minText = '') {
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

export const duration = (minMs = 0, minText = '') =>
  unit(parseDurationMs, 'a duration like 500ms, 5s or 1m', minMs, minText);
