// The grammar of an INI value over its tokens (Zend/zend_ini_parser.y): a yes/no word alone,
// or an expression: operands (runs of text pieces, joined) combined by | & ^ from left to right
// at one precedence, ~ and ! binding tighter, ( ) grouping. Operands are read with atoi and the
// result written as a decimal int.
import { atoi } from './c-int.js';
import type { ErrorToken, TextToken } from './ini-tokens.js';

export type ValueToken =
  | TextToken
  | ErrorToken
  | { readonly kind: 'op'; readonly op: string }
  | { readonly kind: 'bool'; readonly text: string }
  // What ends a value: the line (or a comment), an `=`, or a character no rule takes.
  | { readonly kind: 'end' | 'equals' | 'stop' };

// On error, `token` is the index of the token where the grammar broke.
type Evaluated = { value: string } | { error: string; token: number };

// The grammar over the value's tokens: `expr` joined by | & ^ (left to right, one precedence),
// ~ and ! binding tighter, ( ) grouping; each operand a run of text pieces.
export function evaluate(tokens: readonly ValueToken[]): Evaluated {
  let at = 0;
  const fail = (): never => {
    throw new Error(
      tokens.some((t) => t.kind === 'bool')
        ? 'yes, no, on, off, true, false, none and null must stand alone; quote a value that holds one'
        : 'the operators | & ^ ~ ! ( ) must form an expression; quote a value that holds them',
    );
  };
  const isOp = (ops: string) => {
    const token = tokens[at];
    return token?.kind === 'op' && ops.includes(token.op);
  };
  const unary = (): number | string => {
    const token = tokens[at];
    if (token?.kind === 'op' && (token.op === '~' || token.op === '!')) {
      at += 1;
      const operand = atoi(String(unary()));
      return token.op === '~' ? ~operand : operand === 0 ? 1 : 0;
    }
    if (isOp('(')) {
      at += 1;
      const inner = expr();
      if (!isOp(')')) fail();
      at += 1;
      return inner;
    }
    let text = '';
    const start = at;
    while (tokens[at]?.kind === 'text') text += (tokens[at++] as TextToken).text;
    if (at === start) fail();
    return text;
  };
  const expr = (): number | string => {
    let left = unary();
    while (isOp('|&^')) {
      const op = (tokens[at++] as { op: string }).op;
      const a = atoi(String(left));
      const b = atoi(String(unary()));
      left = op === '|' ? a | b : op === '&' ? a & b : a ^ b;
    }
    return left;
  };
  try {
    if (tokens.length === 1 && tokens[0]?.kind === 'bool') return { value: tokens[0].text };
    const value = String(expr());
    if (at < tokens.length) fail();
    return { value };
  } catch (error) {
    return { error: (error as Error).message, token: at };
  }
}
