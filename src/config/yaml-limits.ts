// Bounds on crew.yaml as a parsed YAML tree, checked before anything walks it (yaml-nesting.ts
// checks the text before the parser sees it). An alias is a reference, so a "billion laughs" file
// of ten lines expands to a billion values for every later step that walks it (the schema, the
// rules, the JSON the loader hands the daemon), and an alias inside its own anchor never ends. A
// config is a few hundred values a few levels deep: these limits are far above any real one.
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { formatKeyPath, type KeyPath } from './issues.js';
import { keyText } from './yaml-source.js';

// Levels of mappings and lists, counting what aliases stand for.
export const MAX_DEPTH = 64;
// Values (keys, scalars, mappings, lists), counting each alias as a copy of its anchor.
export const MAX_VALUES = 100_000;

// An issue at a character offset, with the key path it concerns ('' for the file as a whole).
export interface OffsetIssue {
  readonly offset: number;
  readonly path: string;
  readonly message: string;
}

export const DEPTH_RULE = `crew.yaml nests at most ${MAX_DEPTH} levels of mappings and lists`;

interface Measure {
  // Values under the node, itself included, with aliases expanded.
  readonly size: number;
  // Levels from the node down, with aliases expanded (a scalar is 0).
  readonly height: number;
  // Whether an alias is among them.
  readonly aliased: boolean;
}

interface Frame {
  readonly node: Node;
  readonly path: KeyPath;
  readonly depth: number;
  readonly children: { readonly node: Node; readonly path: KeyPath }[];
  next: number;
  size: number;
  height: number;
  aliased: boolean;
}

const MAX_REPORTED = 10;
const MERGE_RULE =
  'merges only mappings: write `<<: *anchor` (or a list of them) where each anchor is a mapping';

// A `<<` key, which the parser marks with a symbol (a quoted "<<" is an ordinary key).
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function offsetOfNode(node: Node): number {
  return node.range?.[0] ?? 0;
}

function childrenOf(node: Node, path: KeyPath): Frame['children'] {
  if (isSeq(node)) {
    return node.items.flatMap((item, i) =>
      item ? [{ node: item as Node, path: [...path, i] }] : [],
    );
  }
  if (!isMap(node)) return [];
  return node.items.flatMap((pair) => {
    if (!isPair(pair)) return [];
    const inner = [...path, keyText(pair)];
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    return [
      ...(key ? [{ node: key, path: inner }] : []),
      ...(value ? [{ node: value, path: inner }] : []),
    ];
  });
}

// Walks the parsed document once, without recursion, in document order (the order in which an
// alias sees the anchors defined before it): aliases that name no anchor or their own ancestor,
// keys that are mappings or lists, strings holding NUL, and the depth and size once aliases are
// expanded. Stops at the first depth or size issue.
export function structureIssues(doc: Document): OffsetIssue[] {
  const issues: OffsetIssue[] = [];
  const report = (node: Node, path: KeyPath, message: string) => {
    if (issues.length < MAX_REPORTED)
      issues.push({ offset: offsetOfNode(node), path: formatKeyPath(path), message });
  };
  const root = doc.contents as Node | null;
  if (!root) return issues;
  const anchors = new Map<string, Node>();
  const measured = new Map<Node, Measure>();
  const open = new Set<Node>();
  const keys = new Set<Node>();
  const targets = new Map<Node, Node>();
  const merges: { readonly node: Node; readonly path: KeyPath }[] = [];
  const stack: Frame[] = [];
  // Measures a node that has no children to walk (a scalar or an alias); a collection gets a frame.
  const enter = (node: Node, path: KeyPath, depth: number): Measure | null => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        report(node, path, `*${node.source} refers to no anchor &${node.source} before it`);
        return { size: 1, height: 0, aliased: true };
      }
      if (open.has(target)) {
        report(
          node,
          path,
          `*${node.source} is inside its own anchor &${node.source}, so it would never end`,
        );
        return { size: 1, height: 0, aliased: true };
      }
      targets.set(node, target);
      const found = measured.get(target) ?? { size: 1, height: 0, aliased: false };
      if (keys.has(node) && found.height > 0)
        report(node, path, 'a key must be a plain value, not a mapping or list');
      return { ...found, aliased: true };
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.includes('\0'))
        report(
          node,
          path,
          'holds a NUL character (\\0), which no argument, path or variable can hold',
        );
      return { size: 1, height: 0, aliased: false };
    }
    if (keys.has(node)) report(node, path, 'a key must be a plain value, not a mapping or list');
    open.add(node);
    const children = childrenOf(node, path);
    for (const pair of isMap(node) ? node.items : []) {
      if (pair.key) keys.add(pair.key as Node);
      if (isMergeKey(pair.key) && pair.value)
        merges.push({ node: pair.value as Node, path: [...path, '<<'] });
    }
    stack.push({ node, path, depth, children, next: 0, size: 1, height: 1, aliased: false });
    return null;
  };
  const first = enter(root, [], 1);
  if (first) return issues;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.depth > MAX_DEPTH) {
      report(frame.node, frame.path, `nests too deeply: ${DEPTH_RULE}`);
      return issues;
    }
    const child = frame.children[frame.next];
    if (child) {
      frame.next += 1;
      const measure = enter(child.node, child.path, frame.depth + 1);
      if (measure) {
        frame.size += measure.size;
        frame.height = Math.max(frame.height, measure.height + 1);
        frame.aliased ||= measure.aliased;
        if (frame.depth + measure.height > MAX_DEPTH) {
          report(
            child.node,
            child.path,
            `nests too deeply once its aliases are expanded: ${DEPTH_RULE}`,
          );
          return issues;
        }
      }
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    measured.set(frame.node, { size: frame.size, height: frame.height, aliased: frame.aliased });
    if (frame.size > MAX_VALUES) {
      const expanded = frame.aliased ? ' once its aliases are expanded (an alias bomb?)' : '';
      const message = `holds more than ${MAX_VALUES} values${expanded}; a crew.yaml needs a few hundred`;
      report(frame.node, frame.path, message);
      return issues;
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += frame.size;
      parent.height = Math.max(parent.height, frame.height + 1);
      parent.aliased ||= frame.aliased;
    }
  }
  // What the parser would refuse with an exception while converting: `<<` merges mappings only.
  const resolve = (node: Node) => (isAlias(node) ? targets.get(node) : node);
  for (const { node, path } of merges) {
    const value = resolve(node);
    const sources = isSeq(value) ? (value.items as Node[]) : [node];
    if (sources.some((source) => source !== undefined && !isMap(resolve(source))))
      report(node, path, MERGE_RULE);
  }
  return issues;
}
