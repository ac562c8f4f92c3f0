// Problems found while importing a supervisord configuration, each located at file:line.
import { CrewError } from '../../errors/crew-error.js';

export interface ImportIssue {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

// Formats an issue the way compilers do: `file:line: message`.
export function formatIssue(issue: ImportIssue): string {
  return `${issue.file}:${issue.line}: ${issue.message}`;
}

// Builds the CREW_IMPORT_INVALID error for problems supervisord itself would refuse to start with.
export function importError(errors: readonly ImportIssue[]): CrewError {
  const files = [...new Set(errors.map((issue) => issue.file))].join(', ');
  const count = errors.length === 1 ? 'a mistake' : `${errors.length} mistakes`;
  return new CrewError(
    'CREW_IMPORT_INVALID',
    `${files} has ${count} that supervisord would also reject; fix the lines below and run crew import again.`,
    errors.map(formatIssue),
  );
}

// Orders issues by file (in the order the files were read), then by line; stable otherwise.
export function orderIssues(
  issues: readonly ImportIssue[],
  files: readonly string[],
): ImportIssue[] {
  const rank = (file: string) => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        rank(a.issue.file) - rank(b.issue.file) || a.issue.line - b.issue.line || a.index - b.index,
    )
    .map(({ issue }) => issue);
}
