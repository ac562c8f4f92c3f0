// Reads a supervisord file and the files its [include] section names, merged into one set of
// sections the way supervisord reads them: globs relative to the main file's directory, each
// pattern's matches in sorted order, an included file's own [include] not followed. Every read
// is bounded: at most MAX_CONFIG_BYTES a file, regular files only for includes (never a device
// such as /dev/zero), at most MAX_INCLUDED_FILES of them, and a file already read (the main file
// including itself, two patterns matching one file) is not read again.
import { dirname, resolve } from 'node:path';
import { CrewError } from '../../errors/crew-error.js';
import { readTextFile, type TextFile } from '../text-file.js';
import { ExpandError, type ExpansionNames, expand } from './expand.js';
import { expandGlob } from './glob.js';
import { type IniSection, mergeSections, parseIni } from './ini.js';
import { type ImportIssue, importError } from './issue.js';

// More included files than any real setup has; a glob such as /*/*/*.conf stops here.
export const MAX_INCLUDED_FILES = 1000;

export interface SupervisordFiles {
  readonly sections: Map<string, IniSection>;
  // The main file first, then the included files in the order they were read.
  readonly files: readonly string[];
  readonly warnings: ImportIssue[];
}

function readMain(file: string): string {
  let read: TextFile;
  try {
    read = readTextFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : 'cannot be read';
    throw new CrewError(
      'CREW_IMPORT_INVALID',
      `${file} ${reason}; give the path of your supervisord.conf.`,
    );
  }
  if (!read.ok) throw importError([{ file, line: read.line, message: `the file ${read.problem}` }]);
  return read.text;
}

// An included file's text; null when it cannot be opened (a directory, no permission), which
// supervisord skips too; or the mistake that keeps it out: a device or a FIFO at the [include]
// line that matched it, a file's own problem (too big, binary) at its line.
function readIncluded(
  match: string,
  at: { file: string; line: number },
): { text: string } | ImportIssue | null {
  let read: TextFile;
  try {
    read = readTextFile(match, { regularOnly: true });
  } catch {
    return null;
  }
  if (read.ok) return { text: read.text };
  if (read.problem.endsWith('not a regular file'))
    return {
      ...at,
      message: `included ${match} ${read.problem}; crew includes regular files only`,
    };
  return { file: match, line: read.line, message: `the file ${read.problem}` };
}

// Reads `file` and everything it includes; throws CREW_IMPORT_INVALID on any parse error.
export function readSupervisordFiles(file: string, names: ExpansionNames): SupervisordFiles {
  const main = parseIni(readMain(file), file);
  const errors = [...main.errors];
  const warnings = [...main.warnings];
  const files = [file];
  const sections = main.sections;
  const include = sections.get('include');
  if (include && errors.length === 0) {
    const entry = include.entries.get('files');
    if (!entry) {
      const message =
        '[include] has no files= setting, so supervisord refuses to start; add files = <globs> or remove the section';
      throw importError([{ file, line: include.line, message }]);
    }
    const base = dirname(resolve(file));
    const at = { file, line: entry.line };
    let patterns: string[] = [];
    try {
      patterns = expand(entry.value, { ...names, here: base })
        .split(/\s+/)
        .filter(Boolean);
    } catch (error) {
      if (!(error instanceof ExpandError)) throw error;
      errors.push({ ...at, message: `files: ${error.message}` });
    }
    const seen = new Set([resolve(file)]);
    for (const pattern of patterns) {
      const matches = expandGlob(resolve(base, pattern)).sort();
      if (matches.length === 0) {
        const message = `include "${pattern}" matches no file (looked for ${resolve(base, pattern)})`;
        warnings.push({ ...at, message });
      }
      for (const match of matches) {
        if (seen.has(resolve(match))) {
          const which = resolve(match) === resolve(file) ? 'the main file' : 'read already';
          const message = `include "${pattern}" matches ${match}, ${which}; crew reads it once`;
          warnings.push({ ...at, message });
          continue;
        }
        if (seen.size > MAX_INCLUDED_FILES) {
          const message = `[include] matches more than ${MAX_INCLUDED_FILES} files, the most crew reads`;
          throw importError([...errors, { ...at, message }]);
        }
        seen.add(resolve(match));
        const read = readIncluded(match, at);
        if (read === null) {
          warnings.push({ ...at, message: `included ${match} cannot be read; skipped` });
          continue;
        }
        if (!('text' in read)) {
          errors.push(read);
          continue;
        }
        const included = parseIni(read.text, match);
        files.push(match);
        errors.push(...included.errors);
        warnings.push(...included.warnings);
        const nested = included.sections.get('include');
        if (nested) {
          included.sections.delete('include');
          const message =
            'supervisord does not follow [include] in an included file; move it to the main file';
          warnings.push({ file: match, line: nested.line, message });
        }
        mergeSections(sections, included.sections);
      }
    }
  }
  if (errors.length > 0) throw importError(errors);
  return { sections, files, warnings };
}
