// The first of crew.yaml's bounds, checked on the text before the YAML parser sees it: the
// parser's composer recurses once per nesting level, so a few hundred thousand `[` overflow its
// stack (or worse, V8's regexp compiler runs out of memory on what is left of it). The lexer
// does not recurse, and what it sees bounds the depth the composer will reach.
import { CST, Lexer } from 'yaml';
import { DEPTH_RULE, MAX_DEPTH, type OffsetIssue } from './yaml-limits.js';

// Columns of indentation: each block level needs at least one, so this bounds the parser's depth.
export const MAX_INDENT = 256;

// Scans the text with the YAML lexer (which does not recurse) for nesting the parser would not
// survive: flow brackets, block indicators on one line, indentation. Null when it is safe to parse.
export function nestingIssue(text: string): OffsetIssue | null {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  let lineStart = true;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    const at = offset;
    if (type !== 'doc-mode' && type !== 'flow-error-end' && type !== 'scalar') {
      offset += token.length;
    }
    if (type === 'newline') {
      onLine = 0;
      lineStart = true;
      continue;
    }
    if (lineStart && type === 'space' && token.length > MAX_INDENT) {
      const message = `is indented ${token.length} columns, more than the ${MAX_INDENT} crew reads; ${DEPTH_RULE}`;
      return { offset: at, path: '', message };
    }
    if (type !== 'doc-mode' && type !== 'byte-order-mark') lineStart = false;
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow += 1;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow = Math.max(0, flow - 1);
    else if (
      flow === 0 &&
      (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')
    )
      onLine += 1;
    if (flow > MAX_DEPTH || onLine > MAX_DEPTH) {
      return { offset: at, path: '', message: `nests too deeply: ${DEPTH_RULE}` };
    }
  }
  return null;
}
