// How php-fpm reads one setting's value (fpm_conf_set_integer, _time, _boolean, _pm,
// _rlimit_core, _log_level, _syslog_facility): what it accepts, what it makes of it, and for a
// value it refuses, why, in words that say what to write instead.
import { atoi } from './c-int.js';
import type { DirectiveKind } from './directives.js';

export type FpmPm = 'static' | 'dynamic' | 'ondemand';

export type DirectiveValue =
  | { readonly ok: true; readonly value: string | number | boolean }
  | { readonly ok: false; readonly reason: string };

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['', '0', 'false', 'off', 'no', 'none']);
const LOG_LEVELS = new Set(['alert', 'error', 'warning', 'notice', 'debug']);
const FACILITIES = new Set(
  'auth authpriv cron daemon ftp kern lpr mail news syslog user uucp'
    .split(' ')
    .concat([0, 1, 2, 3, 4, 5, 6, 7].map((n) => `local${n}`)),
);
const TIME_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

// An integer: digits after at most one leading '-'; '' and '-' read as 0.
export function readInteger(value: string): DirectiveValue {
  if (!/^-?\d*$/.test(value)) {
    return { ok: false, reason: 'is not a whole number; write digits, such as 10' };
  }
  return { ok: true, value: atoi(value) };
}

// Seconds: a number, or a number with s, m, h or d; whatever follows the number is ignored.
export function readTimeSeconds(value: string): DirectiveValue {
  if (value === '') return { ok: false, reason: 'is empty; write a time such as 10s' };
  const suffix = value.slice(-1);
  const factor = TIME_UNITS[suffix];
  if (factor !== undefined) return { ok: true, value: factor * atoi(value.slice(0, -1)) };
  if (!/[0-9]/.test(suffix)) {
    return {
      ok: false,
      reason: 'has a unit php-fpm does not know; write s, m, h or d, such as 10s',
    };
  }
  return { ok: true, value: atoi(value) };
}

// yes/no: the INI parser already turned bare yes/on/true into "1" and no/off/false/none into "".
export function readBoolean(value: string): DirectiveValue {
  if (TRUE_WORDS.has(value)) return { ok: true, value: true };
  if (FALSE_WORDS.has(value)) return { ok: true, value: false };
  return { ok: false, reason: 'is not yes or no; write yes or no' };
}

export function readDirective(kind: DirectiveKind, value: string): DirectiveValue {
  switch (kind) {
    case 'string':
      return { ok: true, value };
    case 'integer':
      return readInteger(value);
    case 'time':
      return readTimeSeconds(value);
    case 'boolean':
      return readBoolean(value);
    case 'pm': {
      const pm = value.toLowerCase();
      if (pm === 'static' || pm === 'dynamic' || pm === 'ondemand') return { ok: true, value: pm };
      return { ok: false, reason: 'is not a process manager; write static, dynamic or ondemand' };
    }
    case 'rlimit': {
      if (value.toLowerCase() === 'unlimited') return { ok: true, value: -1 };
      const number = readInteger(value);
      if (number.ok && (number.value as number) < 0) {
        return { ok: false, reason: "must be 0 or more, or 'unlimited'" };
      }
      return number;
    }
    case 'log-level':
      return LOG_LEVELS.has(value.toLowerCase())
        ? { ok: true, value: value.toLowerCase() }
        : { ok: false, reason: 'is not a log level; write alert, error, warning, notice or debug' };
    case 'syslog-facility':
      return FACILITIES.has(value.toLowerCase())
        ? { ok: true, value: value.toLowerCase() }
        : { ok: false, reason: 'is not a syslog facility; write daemon, user or local0 to local7' };
  }
}
