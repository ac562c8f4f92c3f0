// Problems found while importing a supervisord configuration, each located at file:line.
import { CrewError } from '../../errors/crew-error.js';
import { escapeControl } from '../issues.js';

export interface ImportIssue {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

// Text from the file as a message quotes it: control characters escaped (a file of binary
// garbage must not garble the terminal) and cut short, since a line may be 64 KiB long.
export function shownText(text: string, width = 60): string {
  return escapeControl(text.length > width ? `${text.slice(0, width - 3)}...` : text);
}

// Formats an issue the way compilers do: `file:line: message`.
export function formatIssue(issue: ImportIssue): string {
  return escapeControl(`${issue.file}:${issue.line}: ${issue.message}`);
}

// Builds the CREW_IMPORT_INVALID error: problems supervisord itself would refuse to start with,
// and values beyond what crew takes (docs/config.md, Limits).
export function importError(errors: readonly ImportIssue[]): CrewError {
  const files = [...new Set(errors.map((issue) => issue.file))].join(', ');
  const count = errors.length === 1 ? 'a mistake' : `${errors.length} mistakes`;
  return new CrewError(
    'CREW_IMPORT_INVALID',
    `${files} has ${count}; fix the lines below and run crew import again.`,
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
