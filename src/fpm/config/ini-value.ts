// The value after `key =`, as PHP's INI parser (Zend/zend_ini_parser.y) reads it: pieces
// written side by side are joined ('a' "b" c → ab c), a yes/no word stands alone (yes → "1",
// no → ""), and | & ^ ~ ! ( ) make an integer expression (E_ALL & ~E_NOTICE → 32759). The value
// ends at the end of the line or at a `;` comment; a lone `'` ends the scan there, silently.
import { evaluate, type ValueToken } from './ini-expression.js';
import {
  blanksAt,
  boolWordAt,
  isLineEnd,
  type ScanContext,
  type Scanned,
  scanQuoted,
  scanVariable,
  valueCharsLength,
  wordText,
} from './ini-tokens.js';

export interface ParsedValue {
  // null when the value cannot be read; `error` says why.
  readonly value: string | null;
  readonly error: { readonly at: number; readonly message: string } | null;
  // The value as written is s.slice(start, end); the scan resumes at `next`.
  readonly end: number;
  readonly next: number;
  // The scan stopped at a lone quote: FPM ignores the rest of the line.
  readonly cut: boolean;
}

function scanToken(s: string, i: number, ctx: ScanContext): Scanned<ValueToken> {
  const blanks = blanksAt(s, i);
  const k = i + blanks;
  if (isLineEnd(s, k) || s[k] === ';') {
    let end = k;
    if (s[k] === ';') while (end < s.length && s[end] !== '\r' && s[end] !== '\n') end += 1;
    return { token: { kind: 'end' }, start: i, end: Math.min(end + 1, s.length) };
  }
  if (s[k] === '"') return scanQuoted(s, k, ctx);
  if (blanks > 0) return { token: { kind: 'text', text: s.slice(i, k) }, start: i, end: k };
  const c = s[i] as string;
  if (c === "'") {
    const close = s.indexOf("'", i + 1);
    if (close <= i + 1) return { token: { kind: 'stop' }, start: i, end: i };
    return { token: { kind: 'text', text: s.slice(i + 1, close) }, start: i, end: close + 1 };
  }
  if (c === '$' && s[i + 1] === '{') return scanVariable(s, i, ctx);
  if ('&|^~()!'.includes(c)) {
    return { token: { kind: 'op', op: c }, start: i, end: i + 1 + blanksAt(s, i + 1) };
  }
  if (c === '=') return { token: { kind: 'equals' }, start: i, end: i };
  const length = valueCharsLength(s, i);
  const bool = boolWordAt(s, i);
  if (bool && bool.length >= length) {
    return { token: { kind: 'bool', text: bool.text }, start: i, end: i + bool.length };
  }
  if (length === 0) return { token: { kind: 'stop' }, start: i, end: i };
  return { token: { kind: 'text', text: wordText(s, i, length) }, start: i, end: i + length };
}

// Reads the value that starts at i (after `=` and its blanks).
export function parseValue(s: string, i: number, ctx: ScanContext): ParsedValue {
  const tokens: ValueToken[] = [];
  const starts: number[] = [];
  let j = i;
  for (;;) {
    const { token, start, end } = scanToken(s, j, ctx);
    if (token.kind === 'error') {
      return {
        value: null,
        error: { at: start, message: token.message },
        end,
        next: end,
        cut: false,
      };
    }
    if (token.kind === 'end' || token.kind === 'equals' || token.kind === 'stop') {
      let valueEnd = start;
      while (valueEnd > i && /[ \t]/.test(s[valueEnd - 1] as string)) valueEnd -= 1;
      const result = { end: valueEnd, next: end, cut: token.kind === 'stop' };
      if (token.kind === 'equals') {
        const message = 'an \'=\' inside a value must be quoted (write "a=b")';
        return { ...result, value: null, error: { at: start, message } };
      }
      if (tokens.length === 0) {
        const message = "a lone ' starts no value: write '' as \"\" and close each quote";
        if (token.kind === 'stop') return { ...result, value: null, error: { at: start, message } };
        return { ...result, value: '', error: null };
      }
      const evaluated = evaluate(tokens);
      if ('error' in evaluated) {
        const at = starts[evaluated.token] ?? valueEnd;
        return { ...result, value: null, error: { at, message: evaluated.error } };
      }
      return { ...result, value: evaluated.value, error: null };
    }
    tokens.push(token);
    starts.push(start);
    j = end;
  }
}
