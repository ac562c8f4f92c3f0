// The fields of crew.yaml that hold memory: a process's size (expect_memory, recycle.max_memory)
// and the container's budget, as bytes, a percentage of the container limit, or `auto`.
import { z } from 'zod';
import { describeValue } from './issues.js';
import type { BudgetSpec } from './types.js';
import { parseBytes } from './units.js';
import { expecting } from './zod-units.js';

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

export const memory = z
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
export const budget = z
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
