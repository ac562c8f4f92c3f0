// Process-name and log-path templates: `{pool}`, `{num}`, `{num:02}` (zero-padded to 2 digits)
// and, in log paths, `{name}` (the rendered process name). `num` counts from 0, like
// supervisord's process_num.
import type { PoolConfig } from './types.js';

// Pool, group and process names: safe in `name:*` patterns, file names and metric labels.
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const NAME_RULE = 'must start with a letter or digit and hold only letters, digits, _ . -';

// What a pool's processes are called unless process_name says otherwise: `payments_00`.
export const DEFAULT_PROCESS_NAME = '{pool}_{num:02}';

export type Placeholder = 'pool' | 'num' | 'name';

export interface TemplateValues {
  readonly pool: string;
  readonly num: number;
  readonly name?: string;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PADDED_NUM = /^num:0([1-9]\d?)$/;

function placeholderName(inner: string): Placeholder | null {
  if (inner === 'pool' || inner === 'num' || inner === 'name') return inner;
  return PADDED_NUM.test(inner) ? 'num' : null;
}

// Explains what is wrong with a template, or returns null when it is fine.
export function templateProblem(template: string, allowed: readonly Placeholder[]): string | null {
  const listed = allowed.map((p) => (p === 'num' ? '{num}, {num:02}' : `{${p}}`)).join(', ');
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = placeholderName(match[1]!);
    if (name === null || !allowed.includes(name)) {
      return `unknown placeholder ${match[0]}; use ${listed}`;
    }
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, '')))
    return `has an unmatched { or }; use ${listed}`;
  return null;
}

// True when the template numbers its processes with {num} or {num:0N}.
export function hasNumPlaceholder(template: string): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((m) => placeholderName(m[1]!) === 'num');
}

// Replaces the placeholders of a template (assumed valid) with the values.
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, inner: string) => {
    if (inner === 'pool') return values.pool;
    if (inner === 'name') return values.name ?? whole;
    const padded = PADDED_NUM.exec(inner);
    if (inner === 'num' || padded)
      return String(values.num).padStart(Number(padded?.[1] ?? 0), '0');
    return whole;
  });
}

// The name of process number `num` (from 0) of a pool, e.g. `payments_00`.
export function processNameFor(pool: PoolConfig, num: number): string {
  return renderTemplate(pool.processName, { pool: pool.name, num });
}

// The names of all of a pool's processes at its configured count.
export function processNamesOf(pool: PoolConfig): string[] {
  return Array.from({ length: pool.processes }, (_, num) => processNameFor(pool, num));
}
