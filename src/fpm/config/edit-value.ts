// Editing a php-fpm file's text in place for `crew plan --apply`: one setting's value rewritten
// (its key, spacing, quotes, comment and line ending kept), or a missing setting added as a new
// line in the right pool. Pure: text in, text out. Each edit checks that the line is still the
// one that was read, and that php-fpm reads the new value back exactly.
import { CrewError } from '../../errors/crew-error.js';
import { type IniEntryStatement, parseIniLine } from './ini-line.js';
import { phpConstant } from './php-constants.js';
import type { FpmConfig, FpmPool, FpmPosition } from './types.js';

const BARE = /^[A-Za-z0-9_./:,@%+-]+$/;
const YES_NO = /^(true|yes|on|false|off|none|no|null)$/i;
const CONSTANT_LIKE = /^[A-Z_][A-Z0-9_]*$/;

// How `value` is written so that php-fpm reads it back unchanged: bare when that is safe, in
// the quotes the old value used when it can be, else double-quoted with \ " and ${ escaped.
export function formatFpmValue(value: string, quote: "'" | '"' | null = null): string {
  if (/[\r\n\0]/.test(value)) throw new Error('a php-fpm value cannot hold a line break or NUL');
  const bare =
    BARE.test(value) && !YES_NO.test(value) && !CONSTANT_LIKE.test(value) && !phpConstant(value);
  if (bare && quote === null) return value;
  if (quote === "'" && value !== '' && !value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"]/g, '\\$&').replaceAll('${', '\\${')}"`;
}

interface Line {
  readonly start: number;
  readonly content: string;
  // '\n', '\r\n' or '' (the last line, without one).
  readonly ending: string;
}

function lineAt(text: string, at: FpmPosition): Line {
  let start = 0;
  for (let line = 1; line < at.line; line += 1) {
    const next = text.indexOf('\n', start);
    if (next === -1) start = text.length + 1;
    else start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  const withCr = text.slice(start, end);
  const content = withCr.endsWith('\r') ? withCr.slice(0, -1) : withCr;
  if (start > text.length || content !== at.raw) {
    throw new CrewError(
      'CREW_FPM_CONFIG_INVALID',
      `${at.file}:${at.line} has changed since crew read it; read the file again before editing it.`,
    );
  }
  const ending = newline === -1 ? '' : withCr.endsWith('\r') ? '\r\n' : '\n';
  return { start, content, ending };
}

function entryAt(content: string, column: number): IniEntryStatement | undefined {
  return parseIniLine(content, {}).statements.find(
    (s): s is IniEntryStatement => s.kind === 'entry' && s.column === column && s.valueStart >= 0,
  );
}

function checkReadBack(content: string, column: number, key: string, value: string): void {
  const entry = entryAt(content, column);
  const written = entry && (entry.offset === null ? entry.key : `${entry.key}[${entry.offset}]`);
  if (written !== key || entry?.value !== value) {
    throw new Error(
      `php-fpm would not read ${key} = ${JSON.stringify(value)} back from: ${content}`,
    );
  }
}

// `text` with the value of the setting at `position` (from FpmEntry.position) set to `value`.
export function replaceFpmValue(text: string, position: FpmPosition, value: string): string {
  const line = lineAt(text, position);
  const entry = entryAt(line.content, position.column);
  if (!entry)
    throw new Error(
      `${position.file}:${position.line} holds no key = value at column ${position.column}`,
    );
  const old = line.content.slice(entry.valueStart, entry.valueEnd);
  const quote = /^'[^']*'$/.test(old) ? "'" : /^"(?:[^"\\]|\\.)*"$/.test(old) ? '"' : null;
  let written = formatFpmValue(value, quote);
  if (entry.valueStart === entry.valueEnd && line.content[entry.valueEnd] === ';') written += ' ';
  const content =
    line.content.slice(0, entry.valueStart) + written + line.content.slice(entry.valueEnd);
  const key = entry.offset === null ? entry.key : `${entry.key}[${entry.offset}]`;
  checkReadBack(content, position.column, key, value);
  const end = line.start + line.content.length;
  return text.slice(0, line.start) + content + text.slice(end);
}

// `text` with a new line `key = value` after the line at `after` (see fpmInsertionPoint),
// indented like it, with the file's line ending.
export function insertFpmValue(
  text: string,
  after: FpmPosition,
  key: string,
  value: string,
): string {
  const line = lineAt(text, after);
  const isEntry = entryAt(line.content, after.column) !== undefined;
  const indent = isEntry ? (/^[ \t]*/.exec(line.content)?.[0] ?? '') : '';
  const tight = isEntry && /^[^=]*[^=\s]=[^\s]/.test(line.content);
  const added = `${indent}${key}${tight ? '=' : ' = '}${formatFpmValue(value)}`;
  checkReadBack(added, indent.length + 1, key, value);
  if (line.ending === '') return `${text}${text.includes('\r\n') ? '\r\n' : '\n'}${added}`;
  const insertAt = line.start + line.content.length + line.ending.length;
  return text.slice(0, insertAt) + added + line.ending + text.slice(insertAt);
}

// Where a missing `key` goes in `pool`: after the pool's last setting of the same family
// (pm.* after pm, php_admin_value[...] after the others), else after its last setting, else
// after its header.
export function fpmInsertionPoint(config: FpmConfig, pool: FpmPool, key: string): FpmPosition {
  const family = (name: string) => name.split(/[.[]/)[0];
  const rank = (at: FpmPosition) => config.files.indexOf(at.file) * 1e9 + at.line;
  const all = [...pool.entries.values()];
  const same = all.filter((entry) => family(entry.key) === family(key));
  const candidates = (same.length > 0 ? same : all).map((entry) => entry.position);
  return candidates.reduce((last, at) => (rank(at) > rank(last) ? at : last), pool.header);
}
