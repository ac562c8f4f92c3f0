// supervisord's value types (supervisor/datatypes.py): each converter returns the value or throws
// a ValueProblem whose message says what was expected.

import { constants } from 'node:os';
import { isSignalName, normaliseSignal } from '../signals.js';
import { shownText } from './issue.js';

export class ValueProblem extends Error {}

const truthy = ['yes', 'true', 'on', '1'];
const falsy = ['no', 'false', 'off', '0'];

// Python's int(): optional sign, digits (underscores between them), surrounding whitespace;
// beyond 2^53 it would not be exact, and nothing crew counts gets near.
export function toInteger(text: string): number {
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) {
    throw new ValueProblem(`"${shownText(text)}" is not a whole number`);
  }
  const n = Number.parseInt(text.replaceAll('_', '').trim(), 10);
  if (!Number.isSafeInteger(n)) throw new ValueProblem(`${shownText(text.trim())} is too large`);
  return n;
}

// A whole number from min to max, the range crew.yaml takes (`what` names its unit, `why` the
// reason for a maximum).
export function toIntegerIn(min: number, max: number, what: string, why = '') {
  return (text: string): number => {
    const n = toInteger(text);
    if (n < min) throw new ValueProblem(`crew takes at least ${min} ${what}, not ${n}`);
    if (n > max) throw new ValueProblem(`crew takes at most ${max} ${what}${why}, not ${n}`);
    return n;
  };
}

// yes/true/on/1 or no/false/off/0, any case.
export function toBoolean(text: string): boolean {
  const lower = text.toLowerCase();
  if (truthy.includes(lower)) return true;
  if (falsy.includes(lower)) return false;
  throw new ValueProblem(`"${shownText(text)}" is not true or false`);
}

// autorestart: a boolean or `unexpected`.
export function toAutorestart(text: string): boolean | 'unexpected' {
  if (text.toLowerCase() === 'unexpected') return 'unexpected';
  try {
    return toBoolean(text);
  } catch {
    throw new ValueProblem(`"${shownText(text)}" is not true, false or unexpected`);
  }
}

// A signal name (with or without SIG, any case) or number; returns the name without SIG.
export function toSignal(text: string): string {
  const signals = constants.signals as Record<string, number>;
  if (/^\s*[+-]?\d+\s*$/.test(text)) {
    const number = Number(text);
    const name = Object.keys(signals).find((key) => signals[key] === number);
    if (name) return name.slice(3);
    throw new ValueProblem(`${shownText(text)} is not a signal number`);
  }
  const name = normaliseSignal(text);
  if (!isSignalName(name)) throw new ValueProblem(`"${shownText(text)}" is not a signal name`);
  return name.slice(3);
}

// A comma list of exit codes 0..255 (empty means none).
export function toExitcodes(text: string): number[] {
  if (text === '') return [];
  return text.split(',').map((part) => {
    const code = /^\s*[+-]?\d+\s*$/.test(part) ? Number(part) : Number.NaN;
    if (!(code >= 0 && code <= 255)) {
      throw new ValueProblem(
        `"${shownText(text)}" is not a comma list of exit codes from 0 to 255`,
      );
    }
    return code;
  });
}

// A byte count with an optional KB/MB/GB suffix (powers of 1024, any case).
export function toByteSize(text: string): number {
  const match = /^(.*?)(kb|mb|gb)?$/i.exec(text) as RegExpExecArray;
  const unit = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  let bytes: number;
  try {
    bytes = toInteger(match[1] as string) * unit;
  } catch {
    throw new ValueProblem(`"${shownText(text)}" is not a size such as 50MB, 500KB or 1024`);
  }
  if (bytes < 0 || !Number.isSafeInteger(bytes)) {
    throw new ValueProblem(`"${shownText(text)}" is not a size crew can use (0 to 8 PiB)`);
  }
  return bytes;
}

// An octal number such as 022 (umask).
export function toOctal(text: string): number {
  if (!/^\s*[+-]?[0-7]+(_[0-7]+)*\s*$/.test(text)) {
    throw new ValueProblem(`"${shownText(text)}" is not an octal number such as 022`);
  }
  return Number.parseInt(text.replaceAll('_', '').trim(), 8);
}

// A comma list of names, each trimmed (empty means none).
export function toList(text: string): string[] {
  return text === '' ? [] : text.split(',').map((part) => part.trim());
}

// Checks a program, group or process name the way supervisord does (no space, colon or slash).
export function toName(text: string): string {
  const name = text.trim();
  const bad = [' ', ':', '/'].find((character) => name.includes(character));
  if (bad) throw new ValueProblem(`"${shownText(name)}" cannot be a name: it contains "${bad}"`);
  if (name === '') throw new ValueProblem('the name is empty');
  return name;
}
