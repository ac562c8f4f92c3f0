// Workload traces for `crew simulate` and `crew plan`: CSV with a header, or JSON Lines, one row
// per arrival of `jobs` jobs on `queue` at `time`, each taking `service` to run and becoming
// runnable after `delay` (optional). The format is documented in docs/scaling.md.
//
//   time,queue,jobs,service
//   08:00:00,payments,3,800ms
//   28800.5,router-checks,1,0.3
import { CrewError } from '../../errors/crew-error.js';

// Rows sorted by time (file order among equal times), as columns.
export interface Trace {
  readonly rows: number;
  readonly timeMs: Float64Array;
  readonly queue: Uint16Array;
  readonly jobs: Uint32Array;
  readonly serviceMs: Float64Array;
  readonly delayMs: Float64Array;
  // Queue names by index, in order of first appearance.
  readonly queues: readonly string[];
}

interface RawRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

const COLUMNS = ['time', 'queue', 'jobs', 'service', 'delay'] as const;
const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/;
const SPAN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// `08:30:00` (a clock time, from midnight), or seconds (`30600.5`, `30600s`).
function parseTime(v: unknown): number {
  const text = String(v).trim();
  const clock = CLOCK.exec(text);
  if (clock)
    return (Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0)) * 1000;
  return parseSpan(v, 'a time like 08:30:00 or a number of seconds');
}

// `800ms`, `1.5s`, `2m`, or a bare number of seconds.
function parseSpan(v: unknown, expected = 'a duration like 800ms, 1.5s or 0.8 (seconds)'): number {
  const match = typeof v === 'number' ? [String(v), String(v), 's'] : SPAN.exec(String(v).trim());
  if (!match || !Number.isFinite(Number(match[1])))
    throw new Error(`expected ${expected}, got ${JSON.stringify(v)}`);
  return Number(match[1]) * unitMs[match[2] ?? 's']!;
}

function parseJobs(v: unknown): number {
  const n = Number(v);
  if (String(v).trim() === '' || !Number.isInteger(n) || n < 0)
    throw new Error(`jobs must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}

function csvRows(text: string): RawRow[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('#'));
  if (headerAt < 0) return [];
  const header = lines[headerAt]!.split(',').map((name) => name.trim().toLowerCase());
  const unknown = header.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !header.includes('time') || !header.includes('queue')) {
    throw new CrewError('CREW_TRACE_INVALID', `the trace's header must name its columns`, [
      `line ${headerAt + 1}: expected time, queue and optionally jobs, service, delay; got ${header.join(',')}`,
    ]);
  }
  const rows: RawRow[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = line.split(',');
    rows.push({
      line: i + 1,
      fields: Object.fromEntries(header.map((name, c) => [name, cells[c]?.trim()])),
    });
  }
  return rows;
}

function jsonRows(text: string): RawRow[] {
  const rows: RawRow[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    let fields: unknown;
    try {
      fields = JSON.parse(line);
    } catch {
      fields = null;
    }
    rows.push({
      line: i + 1,
      fields:
        typeof fields === 'object' && fields !== null
          ? (fields as Record<string, unknown>)
          : { invalid: line },
    });
  }
  return rows;
}

// Parses a trace; `name` is used in error messages. JSON Lines when the first non-blank character
// is `{`, CSV otherwise. Throws CREW_TRACE_INVALID listing the first mistakes by line.
export function parseTrace(text: string, name: string): Trace {
  const json = text.trimStart().startsWith('{');
  const raw = json ? jsonRows(text) : csvRows(text);
  const queues: string[] = [];
  const indexOf = new Map<string, number>();
  const parsed: { t: number; q: number; n: number; s: number; d: number; order: number }[] = [];
  const mistakes: string[] = [];
  for (const { line, fields } of raw) {
    try {
      if ('invalid' in fields) throw new Error('not a JSON object');
      const queue = String(fields.queue ?? '').trim();
      if (queue === '') throw new Error('queue is missing');
      let q = indexOf.get(queue);
      if (q === undefined) {
        q = queues.push(queue) - 1;
        indexOf.set(queue, q);
      }
      parsed.push({
        t: parseTime(fields.time),
        q,
        n: fields.jobs === undefined ? 1 : parseJobs(fields.jobs),
        s: fields.service === undefined ? 1000 : parseSpan(fields.service),
        d: fields.delay === undefined || fields.delay === '' ? 0 : parseSpan(fields.delay),
        order: parsed.length,
      });
    } catch (error) {
      mistakes.push(`${name}:${line}  ${(error as Error).message}`);
    }
  }
  if (mistakes.length > 0) {
    const shown =
      mistakes.length > 10
        ? [...mistakes.slice(0, 10), `… and ${mistakes.length - 10} more`]
        : mistakes;
    throw new CrewError(
      'CREW_TRACE_INVALID',
      `${name} has ${mistakes.length === 1 ? '1 mistake' : `${mistakes.length} mistakes`}`,
      shown,
    );
  }
  if (queues.length > 65_535)
    throw new CrewError('CREW_TRACE_INVALID', `${name} names more than 65535 queues`);
  parsed.sort((a, b) => a.t - b.t || a.order - b.order);
  return {
    rows: parsed.length,
    timeMs: Float64Array.from(parsed, (r) => r.t),
    queue: Uint16Array.from(parsed, (r) => r.q),
    jobs: Uint32Array.from(parsed, (r) => r.n),
    serviceMs: Float64Array.from(parsed, (r) => r.s),
    delayMs: Float64Array.from(parsed, (r) => r.d),
    queues,
  };
}
