// Positions for issues found after loading (crew check's host checks): the file is read again
// for its YAML positions, so each issue gets the file:line:column of its field.
import { formatKeyPath, type PathIssue } from './issues.js';
import { readYamlData } from './read-yaml.js';
import type { ConfigIssue } from './types.js';
import { offsetOf, positionAt } from './yaml-source.js';

// The issues with their positions in the file, in file order (line 1 if it no longer parses).
export function placeIssues(file: string, issues: readonly PathIssue[]): ConfigIssue[] {
  if (issues.length === 0) return [];
  const data = readYamlData(file);
  const placed = issues.map((issue) => ({
    file,
    ...(data.ok
      ? positionAt(data.source, offsetOf(data.source, issue.path, issue.at))
      : { line: 1, column: 1 }),
    path: formatKeyPath(issue.path),
    message: issue.message,
  }));
  return placed.sort((a, b) => a.line - b.line || a.column - b.column);
}
