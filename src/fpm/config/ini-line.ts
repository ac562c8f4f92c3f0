// One line of a php-fpm config as PHP's INI parser reads it (php-fpm parses each line on its own
// with zend_parse_ini_string, INI_SCANNER_NORMAL): `[section]`, `key = value`, `key[offset] =
// value`, `;` comments, blank lines. A section header may be followed by an entry on the same
// line; a lone \r ends a statement as a newline would. `#` starts no comment (PHP 7 dropped it):
// `# text` is a key without a value, which php-fpm refuses.
// https://github.com/php/php-src/blob/PHP-8.2/Zend/zend_ini_scanner.l
import { parseName } from './ini-name.js';
import { blanksAt, boolWordAt, isLineEnd, labelLength, type ScanContext } from './ini-tokens.js';
import { parseValue } from './ini-value.js';

export interface IniSectionStatement {
  readonly kind: 'section';
  readonly name: string;
  readonly column: number;
}

export interface IniEntryStatement {
  readonly kind: 'entry';
  // The key as written, without the blanks around it.
  readonly key: string;
  // The offset of key[offset] = value; null for a plain key.
  readonly offset: string | null;
  // As PHP reads it; null for a bare word with no `=`.
  readonly value: string | null;
  // 1-based column of the key.
  readonly column: number;
  // The value as written is line.slice(valueStart, valueEnd) (0-based; both -1 with no `=`).
  readonly valueStart: number;
  readonly valueEnd: number;
}

export type IniStatement = IniSectionStatement | IniEntryStatement;

export interface IniLine {
  readonly statements: readonly IniStatement[];
  // The first mistake on the line; statements before it are kept.
  readonly error: { readonly column: number; readonly message: string } | null;
  // A lone quote ended the scan at this 0-based index: php-fpm ignores the rest of the line.
  readonly cutAt: number | null;
  // ${VAR} names that were not set in the environment (each read as empty).
  readonly unset: readonly string[];
}

// Parses `line` (without its line ending) with `env` for ${VAR}.
export function parseIniLine(
  line: string,
  env: Readonly<Record<string, string | undefined>>,
): IniLine {
  const ctx: ScanContext = { env, unset: [] };
  const statements: IniStatement[] = [];
  const done = (
    error: { column: number; message: string } | null,
    cutAt: number | null = null,
  ) => ({
    statements,
    error,
    cutAt,
    unset: ctx.unset,
  });
  let i = 0;
  for (;;) {
    i += blanksAt(line, i);
    if (i >= line.length) return done(null);
    const c = line[i] as string;
    if (isLineEnd(line, i)) {
      i += 1;
      continue;
    }
    if (c === ';') {
      while (i < line.length && line[i] !== '\r') i += 1;
      continue;
    }
    const column = i + 1;
    if (c === '[') {
      const name = parseName(line, i + 1, ctx, false);
      if ('error' in name) return done({ column: name.at + 1, message: name.error });
      statements.push({ kind: 'section', name: name.name, column });
      i = name.next;
      continue;
    }
    const length = labelLength(line, i);
    if (length === 0) {
      const message = `${JSON.stringify(c)} cannot start a line: write key = value, [section] or a ; comment`;
      return done({ column, message });
    }
    const bool = boolWordAt(line, i);
    if (bool && bool.length >= length) {
      const word = line.slice(i, i + length).trim();
      return done({ column, message: `"${word}" is a yes/no word and cannot be a key` });
    }
    const key = line.slice(i, i + length).trim();
    let j = i + length;
    let offset: string | null = null;
    if (line[j] === '[') {
      const name = parseName(line, j + 1 + blanksAt(line, j + 1), ctx, true);
      if ('error' in name) return done({ column: name.at + 1, message: name.error });
      offset = name.name;
      j = name.next;
    }
    const equals = j + blanksAt(line, j);
    if (line[equals] !== '=') {
      if (offset !== null)
        return done({ column: equals + 1, message: `expected = after ${key}[...]` });
      statements.push({
        kind: 'entry',
        key,
        offset,
        value: null,
        column,
        valueStart: -1,
        valueEnd: -1,
      });
      i = j;
      continue;
    }
    const valueStart = equals + 1 + blanksAt(line, equals + 1);
    const parsed = parseValue(line, valueStart, ctx);
    if (parsed.error) return done({ column: parsed.error.at + 1, message: parsed.error.message });
    const { value, end: valueEnd } = parsed;
    statements.push({ kind: 'entry', key, offset, value, column, valueStart, valueEnd });
    if (parsed.cut) return done(null, parsed.next);
    i = parsed.next;
  }
}
