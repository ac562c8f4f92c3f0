// The fields of crew.yaml that hold memory: a process's size (expect_memory, recycle.max_memory)
// and the container's budget: its limit (bytes, a percentage of the container limit, or `auto`),
// with what it holds room for beyond crew and what it counts.
import { z } from 'zod';
import { BUDGET_SCOPES, type BudgetSettings } from './budget.js';
import { describeValue } from './issues.js';
import type { BudgetSpec } from './types.js';
import { formatBytes, parseBytes } from './units.js';
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

const LIMIT_EXPECTED = 'a size like 400MiB, a percentage like "90%", or auto';
const BUDGET_EXPECTED = `${LIMIT_EXPECTED}, or a mapping with limit:`;

// `400MiB` (a bare number is bytes, as for every size), `"90%"` of the container limit, or `auto`.
function parseLimit(v: string | number, ctx: z.RefinementCtx): BudgetSpec {
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
      message: `expected ${LIMIT_EXPECTED}, got ${describeValue(v)}`,
    });
  }
  return z.NEVER;
}

const budgetLimit = z
  .union([z.string(), z.number()], expecting(LIMIT_EXPECTED))
  .transform((v, ctx) => parseLimit(v, ctx));

// The memory crew does not control that the budget holds room for: 0, or at least 1MiB.
const otherAllowance = z
  .union([z.string(), z.number()], expecting('a size like 60MiB, or 0'))
  .transform((v, ctx) => {
    try {
      const n = parseBytes(v);
      const problem = n === 0 ? null : memoryProblem(v, n);
      if (problem === null) return n;
      ctx.addIssue({ code: 'custom', message: problem });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });

// `budget: { limit: 400MiB, other: 60MiB, scope: auto }`: see BudgetShare in budget.ts.
const budgetMapping = z
  .strictObject({
    limit: budgetLimit,
    other: otherAllowance.default(0),
    scope: z.enum(BUDGET_SCOPES).default('auto'),
  })
  .transform(({ limit, other, scope }, ctx): BudgetSettings => {
    if (limit.kind === 'bytes' && other >= limit.bytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['other'],
        message: `must be less than the limit of ${formatBytes(limit.bytes)}, got ${formatBytes(other)}`,
      });
      return z.NEVER;
    }
    return { ...limit, otherBytes: other, scope };
  });

// The budget: a limit alone (`budget: 400MiB`), or a mapping with the limit, the allowance for
// memory crew does not control and what the budget counts (`budget: { limit: 400MiB, other:
// 60MiB }`). One union of the three forms, so a mistake inside the mapping is reported there.
export const budget = z
  .union([z.string(), z.number(), budgetMapping], expecting(BUDGET_EXPECTED))
  .transform((v, ctx): BudgetSettings => (typeof v === 'object' ? v : parseLimit(v, ctx)));
