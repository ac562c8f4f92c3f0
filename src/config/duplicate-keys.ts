// Keys written twice in one mapping. YAML forbids it and the parser would keep only the last,
// silently dropping a pool that was pasted and not renamed.
import { isMap, isPair, isSeq, type Node, type Pair } from 'yaml';
import type { KeyPath, PathIssue } from './issues.js';
import { keyText, positionAt, type YamlSource } from './yaml-source.js';

// Reports each repeated key at its later occurrence, naming the line of the first.
export function duplicateKeyIssues(source: YamlSource): PathIssue[] {
  const issues: PathIssue[] = [];
  const visit = (node: unknown, path: KeyPath) => {
    if (isSeq(node)) for (const [i, item] of node.items.entries()) visit(item, [...path, i]);
    if (!isMap(node)) return;
    const seen = new Map<string, Pair>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyText(pair);
      const first = seen.get(key);
      if (first) {
        const { line } = positionAt(source, (first.key as Node).range?.[0] ?? 0);
        const what = path.length === 1 && path[0] === 'pools' ? `pool "${key}"` : `key "${key}"`;
        issues.push({
          path: [...path, key],
          at: 'key',
          message: `${what} is defined twice (first on line ${line})`,
        });
      } else {
        seen.set(key, pair);
        visit(pair.value, [...path, key]);
      }
    }
  };
  visit(source.doc.contents, []);
  return issues;
}
