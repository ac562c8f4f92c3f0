// Problems found in a php-fpm configuration, as `file:line:column: message` lines, and the coded
// error that carries them (CREW_FPM_CONFIG_INVALID).
import { escapeControl } from '../../config/issues.js';
import { CrewError } from '../../errors/crew-error.js';
import type { FpmIssue, FpmPosition } from './types.js';

// Formats an issue the way compilers do; control characters from the file are escaped.
export function formatFpmIssue(issue: FpmIssue): string {
  return escapeControl(`${issue.file}:${issue.line}:${issue.column}: ${issue.message}`);
}

// The error for a configuration php-fpm would refuse; `errors` must not be empty.
export function fpmConfigError(errors: readonly FpmIssue[]): CrewError {
  const files = [...new Set(errors.map((issue) => issue.file))].join(', ');
  const count = errors.length === 1 ? 'a mistake' : `${errors.length} mistakes`;
  return new CrewError(
    'CREW_FPM_CONFIG_INVALID',
    `${files} has ${count} php-fpm would refuse to start with; fix the lines below (php-fpm -t checks the same).`,
    errors.map(formatFpmIssue),
  );
}

// The error for a main file that cannot be read at all.
export function fpmFileError(file: string, code: string | undefined): CrewError {
  const reason =
    code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
  return new CrewError(
    'CREW_FPM_CONFIG_INVALID',
    `${file} ${reason}; give the path of php-fpm.conf (Debian: /etc/php/8.2/fpm/php-fpm.conf).`,
  );
}

// An issue at `at` (another column when given).
export function fpmIssue(at: FpmPosition, message: string, column = at.column): FpmIssue {
  return { file: at.file, line: at.line, column, message };
}
