// The tokens of PHP's INI scanner (Zend/zend_ini_scanner.l, INI_SCANNER_NORMAL, the mode
// php-fpm parses its files in) inside a value, a [section] name and a key[offset]. re2c takes
// the longest match and, on a tie, the earlier rule; the character classes below are the
// scanner's. php-fpm hands the scanner one line at a time, so nothing spans lines.
import { phpConstant } from './php-constants.js';

export interface ScanContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  // The ${VAR} names read that were not set (each read as empty), in order.
  readonly unset: string[];
}

export type Scanned<T> = { readonly token: T; readonly start: number; readonly end: number };
export type TextToken = { readonly kind: 'text'; readonly text: string };
export type ErrorToken = { readonly kind: 'error'; readonly message: string };

const LABEL_STOPS = new Set('=\n\r\t;&|^$~(){}!"[]\0');
const VALUE_STOPS = new Set('$= \t\n\r;&|^~()!"\'\0');
const NAME_STOPS = new Set('$\n\r;"\'\\]\0');
const BOOL_WORD = /^(true|yes|on|false|off|none|no|null)/i;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;

export const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

// True at the end of a statement: the end of the line, or a lone \r (a newline to the scanner).
export const isLineEnd = (s: string, i: number): boolean =>
  i >= s.length || s[i] === '\r' || s[i] === '\n';

export function blanksAt(s: string, i: number): number {
  let j = i;
  while (isBlank(s[j])) j += 1;
  return j - i;
}

// LABEL: a key (spaces included, tabs not).
export function labelLength(s: string, i: number): number {
  let j = i;
  while (j < s.length && !LABEL_STOPS.has(s[j] as string)) j += 1;
  return j - i;
}

// A yes/no word (BOOL_TRUE, BOOL_FALSE, NULL_NULL) with the blanks after it, or null.
export function boolWordAt(s: string, i: number): { text: string; length: number } | null {
  const word = BOOL_WORD.exec(s.slice(i, i + 5))?.[1];
  if (!word) return null;
  const text = /^(true|yes|on)$/i.test(word) ? '1' : '';
  return { text, length: word.length + blanksAt(s, i + word.length) };
}

const identifierLength = (s: string, i: number): number =>
  IDENTIFIER.exec(s.slice(i, i + 256))?.[0].length ?? 0;

// VALUE_CHARS+ (with LITERAL_DOLLAR: `$` and the character after it, unless that is `{`).
function valueCharsLength(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    if (s[j] === '$') {
      if (s[j + 1] === '{') break;
      j += s[j + 1] === '\\' ? 3 : 2;
    } else if (VALUE_STOPS.has(s[j] as string)) break;
    else j += 1;
  }
  return Math.min(j, s.length) - i;
}

// SECTION_VALUE_CHARS+: a section name or an offset; `\` takes the next character with it.
function nameCharsLength(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    if (s[j] === '\\') j += 2;
    else if (s[j] === '$') {
      if (s[j + 1] === '{') break;
      j += s[j + 1] === '\\' ? 3 : 2;
    } else if (NAME_STOPS.has(s[j] as string)) break;
    else j += 1;
  }
  return Math.min(j, s.length) - i;
}

// `${NAME}` at i: the environment variable's value, empty when it is not set.
export function scanVariable(
  s: string,
  i: number,
  ctx: ScanContext,
): Scanned<TextToken | ErrorToken> {
  const length = labelLength(s, i + 2);
  const name = s.slice(i + 2, i + 2 + length).trim();
  const end = i + 2 + length;
  if (name === '' || s[end] !== '}') {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes INI syntax
    const message = 'a ${ is not closed by } on its line (write ${NAME})';
    return { token: { kind: 'error', message }, start: i, end };
  }
  const value = ctx.env[name];
  if (value === undefined) ctx.unset.push(name);
  return { token: { kind: 'text', text: value ?? '' }, start: i, end: end + 1 };
}

// The escapes of a double-quoted string: \" \\ and \$ lose their backslash, others keep it.
function resolveEscapes(text: string): string {
  return text.replace(/\\(.?)/gs, (all, next: string) =>
    '"\\$'.includes(next) && next !== '' ? next : all,
  );
}

// A double-quoted string whose quote is at q: ${VAR} expanded, escapes resolved, the blanks
// after the closing quote eaten. `"C:\dir\"` at the end of a line keeps its last backslash.
export function scanQuoted(
  s: string,
  q: number,
  ctx: ScanContext,
): Scanned<TextToken | ErrorToken> {
  let text = '';
  let j = q + 1;
  while (j < s.length) {
    if (s[j] === '"') {
      const end = j + 1 + blanksAt(s, j + 1);
      return { token: { kind: 'text', text }, start: q, end };
    }
    if (s[j] === '$' && s[j + 1] === '{') {
      const variable = scanVariable(s, j, ctx);
      if (variable.token.kind === 'error') return variable;
      text += variable.token.text;
      j = variable.end;
      continue;
    }
    let k = j;
    while (k < s.length && s[k] !== '"' && !(s[k] === '$' && s[k + 1] === '{')) {
      if (s[k] === '\\' && s[k + 1] === '"' && isLineEnd(s, k + 2) && k + 1 < s.length) {
        k += 1;
        break;
      }
      k += s[k] === '\\' ? 2 : 1;
    }
    text += resolveEscapes(s.slice(j, Math.min(k, s.length)));
    j = k;
  }
  const message = 'a double-quoted value is not closed on its line';
  return { token: { kind: 'error', message }, start: q, end: s.length };
}

// A word: a PHP constant's value when the whole word names one, else the word.
export function wordText(s: string, i: number, length: number): string {
  const word = s.slice(i, i + length);
  return identifierLength(s, i) === length ? (phpConstant(word) ?? word) : word;
}

export { identifierLength, nameCharsLength, valueCharsLength };
