// The status page's fields, named as FPM names them (lower-cased: the text format writes
// `request URI`), with crew's name and how each value is read. Shared by the JSON and text
// parsers, which differ only in how they find the pairs and write the start time.
import type { FpmProcess, FpmStatus } from './status-types.js';

type Reading = 'count' | 'decimal' | 'time' | 'text' | 'dash-text';

interface Field<Key> {
  readonly key: Key;
  readonly reading: Reading;
  readonly optional?: true;
}

// The pool's half of the page.
export type FpmPoolCounters = Omit<FpmStatus, 'processes'>;

export const POOL_FIELDS: Readonly<Record<string, Field<keyof FpmPoolCounters>>> = {
  pool: { key: 'pool', reading: 'text' },
  'process manager': { key: 'processManager', reading: 'text' },
  'start time': { key: 'startTime', reading: 'time' },
  'start since': { key: 'startSince', reading: 'count' },
  'accepted conn': { key: 'acceptedConn', reading: 'count' },
  'listen queue': { key: 'listenQueue', reading: 'count' },
  'max listen queue': { key: 'maxListenQueue', reading: 'count' },
  'listen queue len': { key: 'listenQueueLen', reading: 'count' },
  'idle processes': { key: 'idle', reading: 'count' },
  'active processes': { key: 'active', reading: 'count' },
  'total processes': { key: 'total', reading: 'count' },
  'max active processes': { key: 'maxActiveProcesses', reading: 'count' },
  'max children reached': { key: 'maxChildrenReached', reading: 'count' },
  'slow requests': { key: 'slowRequests', reading: 'count', optional: true },
  'memory peak': { key: 'memoryPeak', reading: 'count', optional: true },
};

export const PROCESS_FIELDS: Readonly<Record<string, Field<keyof FpmProcess>>> = {
  pid: { key: 'pid', reading: 'count' },
  state: { key: 'state', reading: 'text' },
  'start time': { key: 'startTime', reading: 'time' },
  'start since': { key: 'startSince', reading: 'count' },
  requests: { key: 'requests', reading: 'count' },
  'request duration': { key: 'requestDuration', reading: 'count' },
  'request method': { key: 'requestMethod', reading: 'dash-text' },
  'request uri': { key: 'requestUri', reading: 'dash-text' },
  'content length': { key: 'contentLength', reading: 'count' },
  user: { key: 'user', reading: 'dash-text' },
  script: { key: 'script', reading: 'dash-text' },
  'last request cpu': { key: 'lastRequestCpu', reading: 'decimal' },
  'last request memory': { key: 'lastRequestMemory', reading: 'count' },
};

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const TEXT_TIME =
  /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

// `17/Mar/2019:11:14:02 +0100` (strftime's `%d/%b/%Y:%H:%M:%S %z`) as Unix seconds, or null.
export function parseFpmTime(text: string): number | null {
  const match = TEXT_TIME.exec(text);
  const month = match ? MONTHS.indexOf(match[2]!) : -1;
  if (!match || month === -1) return null;
  const [day, year, hour, minute, second] = [1, 3, 4, 5, 6].map((at) => Number(match[at]));
  const offsetSeconds =
    (match[7] === '-' ? -1 : 1) * (Number(match[8]) * 3600 + Number(match[9]) * 60);
  return Date.UTC(year!, month, day!, hour!, minute!, second!) / 1000 - offsetSeconds;
}

// One value, from JSON (numbers, strings) or text (strings); undefined when it does not read.
function readValue(reading: Reading, value: unknown): string | number | null | undefined {
  if (reading === 'text') return typeof value === 'string' ? value : undefined;
  if (reading === 'dash-text')
    return typeof value === 'string' ? (value === '-' ? null : value) : undefined;
  if (typeof value === 'number') {
    const whole = reading === 'decimal' || Number.isInteger(value);
    return whole && Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (reading === 'time')
    return /^\d+$/.test(value) ? Number(value) : (parseFpmTime(value) ?? undefined);
  const pattern = reading === 'count' ? /^\d+$/ : /^\d+(\.\d+)?$/;
  return pattern.test(value) ? Number(value) : undefined;
}

// An object of crew's names from FPM's pairs, or why not; unknown names are left out (a newer
// FPM may add some).
export function readFields<T>(
  fields: Readonly<Record<string, Field<keyof T>>>,
  pairs: ReadonlyMap<string, unknown>,
  where: string,
): T | string {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const raw = pairs.get(name);
    if (raw === undefined && field.optional) out[field.key as string] = null;
    else if (raw === undefined) return `no "${name}" in ${where}`;
    else {
      const value = readValue(field.reading, raw);
      if (value === undefined)
        return `"${name}" in ${where} is ${JSON.stringify(raw)}, not a ${field.reading} value`;
      out[field.key as string] = value;
    }
  }
  return out as T;
}
