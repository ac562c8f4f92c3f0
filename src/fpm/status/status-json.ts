// The status page's `?json` (and `?json&full`) format. Its quirks: names with spaces, the start
// times as Unix seconds (the text format writes dates), `last request cpu` as `0.00`, `-` for
// "none", slashes escaped (`"\/status"`), a `processes` list only with `full`, and, before FPM
// escaped them, request URIs and scripts written raw, which can make the page invalid JSON.
import { type FpmPoolCounters, POOL_FIELDS, PROCESS_FIELDS, readFields } from './status-fields.js';
import type { FpmProcess, FpmStatus } from './status-types.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Lower-cased names to values, so `request URI` and `request uri` are one name.
function pairsOf(object: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(object).map(([name, value]) => [name.toLowerCase(), value]));
}

// Reads a `?json` or `?json&full` body; a body it cannot read is a message saying why.
export function parseFpmStatusJson(body: string): FpmStatus | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the status page is not JSON (${reason}); an older php-fpm writes request URIs unescaped, its text format (?full) still reads`;
  }
  if (!isObject(parsed)) return 'the status page JSON is not an object';
  const pool = readFields<FpmPoolCounters>(POOL_FIELDS, pairsOf(parsed), 'the status page');
  if (typeof pool === 'string') return pool;
  const listed = parsed.processes ?? [];
  if (!Array.isArray(listed)) return 'the status page’s "processes" is not a list';
  const processes: FpmProcess[] = [];
  for (const [index, entry] of listed.entries()) {
    if (!isObject(entry)) return `process ${index + 1} of the status page is not an object`;
    const where = `process ${index + 1} of the status page`;
    const child = readFields<FpmProcess>(PROCESS_FIELDS, pairsOf(entry), where);
    if (typeof child === 'string') return child;
    processes.push(child);
  }
  return { ...pool, processes };
}
