// Sizes and durations as people write them in crew.yaml, and back again for display.
// Sizes follow docker: a bare K/M/G/T is binary (1G = 1 GiB), KB/MB/GB/TB are decimal.
// Durations follow supervisord: a bare number is seconds.

const KiB = 1024;

const byteUnits: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: KiB,
  kib: KiB,
  kb: 1e3,
  m: KiB ** 2,
  mib: KiB ** 2,
  mb: 1e6,
  g: KiB ** 3,
  gib: KiB ** 3,
  gb: 1e9,
  t: KiB ** 4,
  tib: KiB ** 4,
  tb: 1e12,
};

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

const BYTES_EXPECTED = 'expected a size like 512KiB, 50MiB or 1GiB';
const DURATION_EXPECTED = 'expected a duration like 500ms, 5s or 1m';

function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function checkedNumber(v: number, expected: string): number {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${expected}, got ${shown(v)}`);
  return v;
}

// Parses `10MiB`, `10MB`, `512KiB`, `1G` or a bare number of bytes into whole bytes.
export function parseBytes(v: string | number): number {
  if (typeof v === 'number') return Math.round(checkedNumber(v, BYTES_EXPECTED));
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim());
  const factor = match ? byteUnits[match[2]!.toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new Error(`${BYTES_EXPECTED}, got ${shown(v)}`);
  const bytes = Math.round(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes)) throw new Error(`${BYTES_EXPECTED}, got ${shown(v)}`);
  return bytes;
}

// Parses `500ms`, `5s`, `1m`, `1h`, `1.5s`, `1m30s` or a bare number of seconds into milliseconds.
export function parseDurationMs(v: string | number): number {
  if (typeof v === 'number') return Math.round(checkedNumber(v, DURATION_EXPECTED) * 1000);
  const text = v.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let ms = 0;
  let consumed = 0;
  while (consumed < text.length) {
    part.lastIndex = consumed;
    const match = part.exec(text);
    if (!match) break;
    ms += Number(match[1]) * durationUnits[match[2]!]!;
    consumed = part.lastIndex;
  }
  if (text === '' || consumed !== text.length)
    throw new Error(`${DURATION_EXPECTED}, got ${shown(v)}`);
  return Math.round(ms);
}

const binaryNames = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

// How formatBytes writes a size:
//   'auto'  as docker stats does, with a space: `512 B`, `41.2 MiB`, `1.5 GiB`
//   'MiB'   whole MiB, the number alone, for sentences and tables that name the unit: `312`
//   'yaml'  exact, as crew.yaml is written and parseBytes reads back: `256MiB`, `1000`
export type ByteStyle = 'auto' | 'MiB' | 'yaml';

// Formats a byte count in the style (default 'auto').
export function formatBytes(n: number, style: ByteStyle = 'auto'): string {
  if (style === 'MiB') return String(Math.round(n / KiB ** 2));
  if (style === 'yaml') {
    for (let unit = binaryNames.length - 2; unit > 0; unit--) {
      if (n !== 0 && n % KiB ** unit === 0) return `${n / KiB ** unit}${binaryNames[unit]}`;
    }
    return String(n);
  }
  let unit = 0;
  let value = n;
  while (unit < binaryNames.length - 1 && Math.abs(Number(value.toFixed(1))) >= KiB) {
    value /= KiB;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${Number(value.toFixed(digits))} ${binaryNames[unit]}`;
}

// Formats milliseconds compactly, in a form parseDurationMs reads back: `500ms`, `1.5s`, `2m5s`, `1h30m`.
export function formatDuration(ms: number): string {
  const whole = Math.round(ms);
  if (Math.abs(whole) < 1000) return `${whole}ms`;
  if (whole < 60_000) {
    const seconds = Number((whole / 1000).toFixed(1));
    if (seconds < 60) return `${seconds}s`;
  }
  if (whole < 3_600_000) {
    const totalSeconds = Math.round(whole / 1000);
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    if (minutes < 60) return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
  }
  const totalMinutes = Math.round(whole / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${hours}h` : `${hours}h${minutes}m`;
}
