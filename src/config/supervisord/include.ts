// Reads a supervisord file and the files its [include] section names, merged into one set of
// sections the way supervisord reads them: globs relative to the main file's directory, each
// pattern's matches in sorted order, an included file's own [include] not followed.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CrewError } from '../../errors/crew-error.js';
import { ExpandError, type ExpansionNames, expand } from './expand.js';
import { expandGlob } from './glob.js';
import { type IniSection, mergeSections, parseIni } from './ini.js';
import { type ImportIssue, importError } from './issue.js';

export interface SupervisordFiles {
  readonly sections: Map<string, IniSection>;
  // The main file first, then the included files in the order they were read.
  readonly files: readonly string[];
  readonly warnings: ImportIssue[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new CrewError(
      'CREW_IMPORT_INVALID',
      `${file} ${reason}; give the path of your supervisord.conf.`,
    );
  }
}

// Reads `file` and everything it includes; throws CREW_IMPORT_INVALID on any parse error.
export function readSupervisordFiles(file: string, names: ExpansionNames): SupervisordFiles {
  const main = parseIni(readText(file), file);
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
    let patterns: string[] = [];
    try {
      patterns = expand(entry.value, { ...names, here: base })
        .split(/\s+/)
        .filter(Boolean);
    } catch (error) {
      if (!(error instanceof ExpandError)) throw error;
      errors.push({ file, line: entry.line, message: `files: ${error.message}` });
    }
    for (const pattern of patterns) {
      const matches = expandGlob(resolve(base, pattern)).sort();
      if (matches.length === 0) {
        const message = `include "${pattern}" matches no file (looked for ${resolve(base, pattern)})`;
        warnings.push({ file, line: entry.line, message });
      }
      for (const match of matches) {
        let text: string;
        try {
          text = readFileSync(match, 'utf8');
        } catch {
          warnings.push({
            file,
            line: entry.line,
            message: `included ${match} cannot be read; skipped`,
          });
          continue;
        }
        const included = parseIni(text, match);
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
