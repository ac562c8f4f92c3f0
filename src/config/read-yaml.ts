// crew.yaml from bytes to plain data, every step bounded: read at most MAX_CONFIG_BYTES of UTF-8
// text, refuse nesting the parser would not survive before parsing, parse with positions, refuse
// what would make later steps explode (alias bombs, alias cycles, deep nesting) before converting
// to plain data. A mistake at any step is a positioned issue, never an exception.
import { CrewError } from '../errors/crew-error.js';
import { MAX_CONFIG_BYTES, readTextFile, type TextFile } from './text-file.js';
import type { ConfigIssue } from './types.js';
import { MAX_VALUES, type OffsetIssue, structureIssues } from './yaml-limits.js';
import { nestingIssue } from './yaml-nesting.js';
import {
  type Position,
  parseYamlSource,
  positionAt,
  syntaxIssues,
  type YamlSource,
} from './yaml-source.js';

export { MAX_CONFIG_BYTES };

export type YamlData =
  | {
      readonly ok: true;
      readonly source: YamlSource;
      readonly raw: unknown;
      readonly warnings: ConfigIssue[];
    }
  | { readonly ok: false; readonly errors: ConfigIssue[]; readonly warnings: ConfigIssue[] };

function readConfigFile(file: string): TextFile {
  const hint = 'pass --config <file> to use another file';
  try {
    return readTextFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CrewError('CREW_CONFIG_NOT_FOUND', `${file} does not exist`, [hint]);
    }
    if (code === 'EISDIR')
      throw new CrewError('CREW_CONFIG_NOT_FOUND', `${file} is a directory`, [hint]);
    throw new CrewError(
      'CREW_CONFIG_NOT_FOUND',
      `cannot read ${file}: ${(error as Error).message}`,
      [hint],
    );
  }
}

// Line and column of an offset in text not parsed yet.
function positionInText(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function refused(errors: ConfigIssue[], warnings: ConfigIssue[] = []): YamlData {
  return { ok: false, errors, warnings };
}

// Reads and parses the file; `prepare` may adjust the parsed document before it becomes plain
// data. Throws CREW_CONFIG_NOT_FOUND only when the file cannot be opened.
export function readYamlData(
  file: string,
  prepare: (source: YamlSource) => void = () => {},
): YamlData {
  const read = readConfigFile(file);
  if (!read.ok) {
    return refused([{ file, line: read.line, column: 1, path: '', message: read.problem }]);
  }
  const { text } = read;
  const tooDeep = nestingIssue(text);
  if (tooDeep) {
    const { path, message } = tooDeep;
    return refused([{ file, ...positionInText(text, tooDeep.offset), path, message }]);
  }
  const source = parseYamlSource(text);
  const syntax = syntaxIssues(source);
  const warnings = syntax.warnings.map((w) => ({ file, path: '', ...w }));
  if (syntax.errors.length > 0) {
    return refused(
      syntax.errors.map((e) => ({ file, path: '', ...e })),
      warnings,
    );
  }
  const place = (issue: OffsetIssue): ConfigIssue => ({
    file,
    ...positionAt(source, issue.offset),
    path: issue.path,
    message: issue.message,
  });
  const structure = structureIssues(source.doc);
  if (structure.length > 0) return refused(structure.map(place), warnings);
  prepare(source);
  try {
    // structureIssues bounds what aliases expand to; the parser's own count is a second guard.
    const raw = source.doc.toJS({ maxAliasCount: MAX_VALUES });
    return { ok: true, source, raw, warnings };
  } catch (error) {
    const message = `cannot be read as data: ${(error as Error).message}`;
    return refused([place({ offset: 0, path: '', message })], warnings);
  }
}
