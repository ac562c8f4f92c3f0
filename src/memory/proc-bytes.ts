// Parsers for /proc files read into a reused buffer: they work on the bytes, so a tick that
// reads hundreds of files makes no strings, arrays or maps out of them.
import { STAT_FIELD } from './proc-stat.js';

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CLOSE_PAREN = 0x29;
const ZERO = 0x30;
const NINE = 0x39;

// The fields of /proc/PID/stat the sampler needs; one object is reused for every process.
export interface StatFields {
  ppid: number;
  // The state letter's char code: 82 'R', 83 'S', 90 'Z' (zombie), ...
  state: number;
  // Start time after boot in clock ticks: with the pid, names a process across pid reuse.
  startTicks: number;
  rssPages: number;
}

const { ppid: PPID, start: START, rss: RSS } = STAT_FIELD;

// Reads the unsigned decimal at bytes[at]; NaN when there is no digit there.
function readNumber(bytes: Uint8Array, at: number, end: number): number {
  let value = 0;
  let index = at;
  for (; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < ZERO || byte > NINE) break;
    value = value * 10 + (byte - ZERO);
  }
  return index === at ? Number.NaN : value;
}

// Fills `out` from the text of /proc/PID/stat; false when the text is not a stat line. comm
// may hold spaces and ')' itself, so the fields start after the LAST ')'.
export function parseStatBytes(bytes: Uint8Array, length: number, out: StatFields): boolean {
  let close = length - 1;
  while (close >= 0 && bytes[close] !== CLOSE_PAREN) close--;
  if (close < 0 || close + 2 >= length) return false;
  out.state = bytes[close + 2]!;
  let field = 0;
  for (let index = close + 2; index < length && field <= RSS; index++) {
    if (bytes[index] !== SPACE) continue;
    field++;
    if (field === PPID) out.ppid = readNumber(bytes, index + 1, length);
    else if (field === START) out.startTicks = readNumber(bytes, index + 1, length);
    else if (field === RSS) out.rssPages = readNumber(bytes, index + 1, length);
  }
  return field > RSS && !Number.isNaN(out.ppid + out.startTicks + out.rssPages);
}

// Fills out with the leading space-separated unsigned numbers (/proc/PID/statm: size, resident,
// shared... in pages); returns how many were read.
export function parseNumbersBytes(bytes: Uint8Array, length: number, out: Float64Array): number {
  let count = 0;
  let at = 0;
  while (count < out.length && at < length) {
    const value = readNumber(bytes, at, length);
    if (Number.isNaN(value)) break;
    out[count++] = value;
    while (at < length && bytes[at] !== SPACE) at++;
    at++;
  }
  return count;
}

// The keys of "Key:   123 kB" lines, as bytes with the colon ("Pss:" does not match "Pss_Anon:").
export function encodeKeys(names: readonly string[]): Uint8Array[] {
  return names.map((name) => new TextEncoder().encode(`${name}:`));
}

function startsWith(bytes: Uint8Array, at: number, end: number, key: Uint8Array): boolean {
  if (end - at < key.length) return false;
  for (let index = 0; index < key.length; index++) {
    if (bytes[at + index] !== key[index]) return false;
  }
  return true;
}

// Fills out[i] with the bytes on the line of keys[i] ("Key:   123 kB" lines of smaps_rollup,
// "Key:\t   123 kB" of status); NaN for a key that is absent. Returns how many keys were found.
export function parseKbBytes(
  bytes: Uint8Array,
  length: number,
  keys: readonly Uint8Array[],
  out: Float64Array,
): number {
  out.fill(Number.NaN);
  let found = 0;
  let lineStart = 0;
  while (lineStart < length) {
    let lineEnd = bytes.indexOf(NEWLINE, lineStart);
    if (lineEnd < 0 || lineEnd > length) lineEnd = length;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (!startsWith(bytes, lineStart, lineEnd, key)) continue;
      let at = lineStart + key.length;
      while (at < lineEnd && (bytes[at] === SPACE || bytes[at] === TAB)) at++;
      const kb = readNumber(bytes, at, lineEnd);
      if (!Number.isNaN(kb) && Number.isNaN(out[k]!)) found++;
      out[k] = kb * 1024;
      break;
    }
    lineStart = lineEnd + 1;
  }
  return found;
}
