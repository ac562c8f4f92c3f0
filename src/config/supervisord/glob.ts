// Python's glob.glob for [include] files=: `*`, `?` and `[...]` (with `!` negation) in any path
// segment; wildcards do not match names starting with a dot. Node 20 has no fs.glob.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, parse, sep } from 'node:path';
import { fnmatchRegExp } from '../fnmatch.js';

const magic = /[*?[]/;

// One path segment's pattern as a RegExp, as Python's fnmatch.translate makes it.
export const segmentToRegExp = (pattern: string): RegExp => fnmatchRegExp(pattern, 'python');

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

// Paths matching an absolute pattern, unsorted (supervisord sorts each pattern's matches).
export function expandGlob(pattern: string): string[] {
  if (!isAbsolute(pattern)) throw new Error(`glob pattern must be absolute: ${pattern}`);
  if (!magic.test(pattern)) return existsSync(pattern) ? [pattern] : [];
  const { root } = parse(pattern);
  const segments = pattern
    .slice(root.length)
    .split(sep)
    .filter((segment) => segment !== '');
  let found = [root];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const next: string[] = [];
    for (const base of found) {
      if (!magic.test(segment)) {
        const path = join(base, segment);
        if (last ? existsSync(path) : isDirectory(path)) next.push(path);
        continue;
      }
      const regExp = segmentToRegExp(segment);
      const hidden = segment.startsWith('.');
      for (const name of listDirectory(base)) {
        if (name.startsWith('.') && !hidden) continue;
        const path = join(base, name);
        if (regExp.test(name) && (last || isDirectory(path))) next.push(path);
      }
    }
    found = next;
  }
  return found;
}
