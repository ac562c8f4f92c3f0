// supervisord's INI dialect: Python's RawConfigParser as supervisord configures it
// (inline_comment_prefixes=(';', '#'), strict=False, empty_lines_in_values=True).
// https://github.com/python/cpython/blob/3.12/Lib/configparser.py (RawConfigParser._read)
import { type ImportIssue, shownText } from './issue.js';

// The longest line crew reads. No command line is longer on Linux (an argument holds at most
// 128 KiB), and a longer line is not a config.
export const MAX_LINE_LENGTH = 64 * 1024;

export interface IniEntry {
  // Lower-cased, as supervisord sees it.
  readonly key: string;
  // As written, to explain keys that only differ in case.
  readonly rawKey: string;
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  // Where the section was first opened; later `[name]` headers add to it.
  readonly file: string;
  readonly line: number;
  readonly entries: Map<string, IniEntry>;
}

export interface IniDocument {
  readonly sections: Map<string, IniSection>;
  readonly errors: ImportIssue[];
  readonly warnings: ImportIssue[];
}

const sectionHeader = /^\[(.+)\]/;

// configparser's OPTCRE, `(.*?)\s*([=:])\s*(.*)$`, without the regexp: on a long line with a
// long run of spaces and no delimiter, the lazy group backtracks quadratically.
function splitOption(value: string): { key: string; value: string } | null {
  const at = value.search(/[=:]/);
  if (at === -1) return null;
  return { key: value.slice(0, at).trimEnd(), value: value.slice(at + 1).trimStart() };
}

// Parses one file; problems come back as issues rather than exceptions.
export function parseIni(text: string, file: string): IniDocument {
  const sections = new Map<string, IniSection>();
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const parts = new Map<IniEntry, { section: IniSection; pieces: string[] }>();
  let section: IniSection | null = null;
  let open: IniEntry | null = null;
  let indentLevel = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.length > MAX_LINE_LENGTH) {
      const message = `the line is ${raw.length} characters long; crew reads lines of at most ${MAX_LINE_LENGTH}`;
      errors.push({ file, line, message });
      continue;
    }
    const commentAt = findComment(raw);
    const value = raw.slice(0, commentAt ?? raw.length).trim();
    if (value === '') {
      if (commentAt === null && open) parts.get(open)?.pieces.push('');
      continue;
    }
    const indent = raw.search(/\S/);
    if (open && indent > indentLevel) {
      parts.get(open)?.pieces.push(value);
      continue;
    }
    indentLevel = indent;
    const header = sectionHeader.exec(value);
    if (header) {
      const name = header[1] as string;
      if (header[0].length < value.length) {
        const rest = value.slice(header[0].length).trim();
        const message = `text after [${shownText(name)}] is ignored: ${shownText(rest)}`;
        warnings.push({ file, line, message });
      }
      section = sections.get(name) ?? { name, file, line, entries: new Map() };
      sections.set(name, section);
      open = null;
      continue;
    }
    if (value.startsWith('[')) {
      const message = `section header ${shownText(value)} is missing its closing ]`;
      errors.push({ file, line, message });
      continue;
    }
    if (!section) {
      errors.push({ file, line, message: `${shownText(value)} comes before any [section] header` });
      break;
    }
    const match = splitOption(value);
    if (!match || match.key.trim() === '') {
      const message = `${shownText(value)} is not a key=value line (nor an indented continuation of one)`;
      errors.push({ file, line, message });
      continue;
    }
    const rawKey = match.key;
    const key = rawKey.toLowerCase();
    const previous = section.entries.get(key);
    if (previous) {
      const where =
        previous.file === file ? `line ${previous.line}` : `${previous.file}:${previous.line}`;
      warnings.push({ file, line, message: `${key} is set again; this line wins over ${where}` });
    }
    const entry = { key, rawKey, value: '', file, line };
    section.entries.set(key, entry);
    parts.set(entry, { section, pieces: [match.value.trim()] });
    open = entry;
  }
  for (const [entry, { section: owner, pieces }] of parts) {
    if (owner.entries.get(entry.key) !== entry) continue;
    owner.entries.set(entry.key, { ...entry, value: pieces.join('\n').trimEnd() });
  }
  return { sections, errors, warnings };
}

// Where an inline comment starts: `;` or `#` at the start or after whitespace (null if none).
// Mirrors configparser's search, which stops at the first round that finds a valid prefix.
export function findComment(line: string): number | null {
  if (/^\s*[;#]/.test(line)) return 0;
  const next = new Map<string, number>([
    [';', -1],
    ['#', -1],
  ]);
  let found = Number.POSITIVE_INFINITY;
  while (found === Number.POSITIVE_INFINITY && next.size > 0) {
    for (const [prefix, from] of next) {
      const at = line.indexOf(prefix, from + 1);
      if (at === -1) {
        next.delete(prefix);
        continue;
      }
      next.set(prefix, at);
      if (at === 0 || /\s/.test(line[at - 1] as string)) found = Math.min(found, at);
    }
  }
  return found === Number.POSITIVE_INFINITY ? null : found;
}

// Adds `from`'s sections to `into` the way configparser reads a second file: same-named
// sections merge and a later key replaces an earlier one.
export function mergeSections(into: Map<string, IniSection>, from: Map<string, IniSection>): void {
  for (const [name, section] of from) {
    const target = into.get(name);
    if (!target) {
      into.set(name, section);
      continue;
    }
    for (const [key, entry] of section.entries) target.entries.set(key, entry);
  }
}
