// A [section] name or the offset of key[offset], as PHP's INI scanner reads them: pieces side by
// side are joined, ${VAR} is expanded, '...' and "..." are quoted pieces and a backslash keeps
// the character after it (and stays itself). In an offset, a bare word that names a PHP constant
// becomes its value, as in a value; in a section name it does not. Blanks before the closing `]`
// of an offset are dropped; in a section name they are kept (`[ www ]` names the pool " www ").
import {
  blanksAt,
  isLineEnd,
  nameCharsLength,
  type ScanContext,
  scanQuoted,
  scanVariable,
  wordText,
} from './ini-tokens.js';

export type ParsedName =
  | { readonly name: string; readonly next: number }
  | { readonly error: string; readonly at: number };

// Reads from i (just after `[`, and for an offset after its blanks) to the closing `]`.
export function parseName(s: string, i: number, ctx: ScanContext, offset: boolean): ParsedName {
  const what = offset ? 'key[...]' : '[section';
  let name = '';
  let j = i;
  for (;;) {
    const k = j + blanksAt(s, j);
    if (offset && s[k] === ']') return { name, next: k + 1 };
    if (!offset && s[j] === ']') {
      let next = j + 1 + blanksAt(s, j + 1);
      if (s[next] === '\r') next += 1;
      return { name, next };
    }
    if (s[k] === '"') {
      const quoted = scanQuoted(s, k, ctx);
      if (quoted.token.kind === 'error') return { error: quoted.token.message, at: k };
      name += quoted.token.text;
      j = quoted.end;
      continue;
    }
    const c = s[j];
    if (c === "'") {
      const close = s.indexOf("'", j + 1);
      if (close <= j + 1) return { error: `a ' in ${what} is not closed`, at: j };
      name += s.slice(j + 1, close);
      j = close + 1;
      continue;
    }
    if (c === '$' && s[j + 1] === '{') {
      const variable = scanVariable(s, j, ctx);
      if (variable.token.kind === 'error') return { error: variable.token.message, at: j };
      name += variable.token.text;
      j = variable.end;
      continue;
    }
    const length = nameCharsLength(s, j);
    if (length === 0) {
      const message = isLineEnd(s, j)
        ? `${what} is not closed by ] on its line`
        : `${JSON.stringify(c)} cannot appear in ${what}; quote the name`;
      return { error: message, at: j };
    }
    name += offset ? wordText(s, j, length) : s.slice(j, j + length);
    j += length;
  }
}
