// crew.yaml as a YAML document that remembers where every key and value came from, so that any
// issue, found at any stage, can name its line and column.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
} from 'yaml';
import type { KeyPath } from './issues.js';

export interface YamlSource {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  // Each map's pairs by key text, built on first lookup (see findPair).
  readonly pairIndexes: WeakMap<YAMLMap, Map<string, Pair>>;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

// A syntax error or warning from the YAML parser, already positioned.
export interface SyntaxIssue extends Position {
  readonly message: string;
}

// Parses the text; merge keys (`<<: *defaults`) are allowed, duplicate keys are left to
// duplicate-keys.ts so that they get a key path and a friendlier message.
export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    // Problems are reported as issues; nothing goes to the process's warnings.
    logLevel: 'error',
  });
  return { doc, lineCounter, pairIndexes: new WeakMap() };
}

// The parser's errors and warnings, positioned; only the first of each line, as one mistake
// often confuses the parser for the rest of its line.
export function syntaxIssues(source: YamlSource): {
  errors: SyntaxIssue[];
  warnings: SyntaxIssue[];
} {
  // yaml-nesting.ts refuses such nesting before parsing; this is a second guard.
  const place = (e: { pos: [number, number]; message: string }) => ({
    ...positionAt(source, e.pos[0]),
    message: /call stack/i.test(e.message) ? 'nests too deeply to be read' : e.message,
  });
  const firstPerLine = (issues: SyntaxIssue[]) =>
    issues.filter((issue, i) => issues.findIndex((other) => other.line === issue.line) === i);
  return {
    errors: firstPerLine(source.doc.errors.map(place)),
    warnings: firstPerLine(source.doc.warnings.map(place)),
  };
}

// Converts a character offset into a 1-based line and column.
export function positionAt(source: YamlSource, offset: number): Position {
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

// The text of a mapping key; merge keys read as `<<`.
export function keyText(pair: Pair): string {
  if (!isScalar(pair.key)) return String(pair.key);
  // A merge key's value is a symbol.
  return typeof pair.key.value === 'symbol' ? '<<' : String(pair.key.value);
}

// A map's pairs by key text (the last one if repeated, as toJS keeps): placing thousands of
// issues in a mapping of thousands of keys must not be quadratic.
function pairIndexOf(source: YamlSource, map: YAMLMap): Map<string, Pair> {
  let index = source.pairIndexes.get(map);
  if (!index) {
    index = new Map(map.items.map((pair) => [keyText(pair), pair]));
    source.pairIndexes.set(map, index);
  }
  return index;
}

// The pair for a key in a map, the last one if repeated (as toJS keeps), looking through merges.
function findPair(source: YamlSource, map: YAMLMap, key: string): Pair | undefined {
  const direct = pairIndexOf(source, map).get(key);
  if (direct) return direct;
  for (const pair of map.items) {
    if (keyText(pair) !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const item of sources) {
      const target = isAlias(item) ? item.resolve(source.doc) : item;
      const found = isMap(target) ? findPair(source, target, key) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

interface Found {
  // The node at the path, or null when the path stops early (`found` false).
  readonly node: unknown;
  // The key node of the last mapping entry walked through (or the last list item).
  readonly keyNode: Node | null;
  readonly found: boolean;
}

function nodeAt(source: YamlSource, path: KeyPath): Found {
  let node: unknown = source.doc.contents;
  let keyNode: Node | null = null;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = findPair(source, node, String(segment));
      if (!pair) return { node: null, keyNode, found: false };
      keyNode = isScalar(pair.key) ? pair.key : keyNode;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      keyNode = node as Node;
    } else {
      return { node: null, keyNode, found: false };
    }
  }
  return { node: isAlias(node) ? node.resolve(source.doc) : node, keyNode, found: true };
}

// The offset an issue points at: the key or the value at its path; when the path does not
// exist (a required key is missing) or the value is empty, the nearest key.
export function offsetOf(source: YamlSource, path: KeyPath, at: 'key' | 'value'): number {
  const { node, keyNode, found } = nodeAt(source, path);
  const keyOffset = keyNode?.range?.[0] ?? 0;
  if (!found || at === 'key') return keyOffset;
  const range = (node as Node | null)?.range;
  if (!range || (isScalar(node) && range[0] === range[1])) return keyOffset;
  return range[0];
}

// Makes the scalars in the list or mapping at the path strings, as written: `1.10` stays
// "1.10" rather than becoming 1.1, `0x1F` stays "0x1F". Nulls are left for validation.
export function keepScalarText(source: YamlSource, path: KeyPath): void {
  const { node } = nodeAt(source, path);
  const values = isSeq(node) ? node.items : isMap(node) ? node.items.map((pair) => pair.value) : [];
  for (const value of values) {
    if (isScalar(value) && value.value !== null && typeof value.value !== 'string') {
      value.value = value.source ?? String(value.value);
    }
  }
}

// The keys of the mapping at the path, in file order (JS objects put integer-like keys first).
export function keysAt(source: YamlSource, path: KeyPath): string[] {
  const { node } = nodeAt(source, path);
  return isMap(node) ? node.items.map(keyText) : [];
}
