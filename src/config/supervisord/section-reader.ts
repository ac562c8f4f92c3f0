// Reads typed values from one section the way supervisord's `saneget` does (expand, then
// convert), recording located errors instead of stopping at the first, and remembering which
// keys were read so the rest can be reported as ignored.
import { dirname, resolve } from 'node:path';
import { ExpandError, type ExpansionNames, expand } from './expand.js';
import type { IniEntry, IniSection } from './ini.js';
import type { ImportIssue } from './issue.js';
import { ValueProblem } from './values.js';

export interface IssueLog {
  readonly errors: ImportIssue[];
  readonly warnings: ImportIssue[];
}

export interface SectionReader {
  readonly section: IniSection;
  // The raw entry, marked as read.
  entry(key: string): IniEntry | undefined;
  // The expanded value; undefined when absent or when expansion failed (an error is recorded).
  text(key: string, names?: ExpansionNames): string | undefined;
  // The converted value; the fallback when absent or invalid (an invalid value records an error).
  value<T>(key: string, fallback: T, convert: (text: string) => T, names?: ExpansionNames): T;
  // Records an error or warning at the key's line, or at the section header when it is absent.
  error(key: string | null, message: string): void;
  warn(key: string | null, message: string): void;
  // Entries no one read: keys supervisord ignores in this kind of section.
  unread(): IniEntry[];
}

// Creates a reader over `section` that expands values with `names` (plus `here`).
export function createSectionReader(
  section: IniSection,
  names: ExpansionNames,
  log: IssueLog,
): SectionReader {
  const read = new Set<string>();
  const where = (key: string | null) => {
    const entry = key === null ? undefined : section.entries.get(key);
    return entry
      ? { file: entry.file, line: entry.line }
      : { file: section.file, line: section.line };
  };
  const record = (list: ImportIssue[], key: string | null, message: string) => {
    const label = key === null ? `[${section.name}]` : `[${section.name}] ${key}`;
    list.push({ ...where(key), message: `${label}: ${message}` });
  };
  const reader: SectionReader = {
    section,
    entry(key) {
      read.add(key);
      return section.entries.get(key);
    },
    text(key, extra = names) {
      const entry = reader.entry(key);
      if (!entry) return undefined;
      try {
        return expand(entry.value, { ...extra, here: dirname(resolve(entry.file)) });
      } catch (error) {
        if (!(error instanceof ExpandError)) throw error;
        record(log.errors, key, error.message);
        return undefined;
      }
    },
    value(key, fallback, convert, extra = names) {
      const text = reader.text(key, extra);
      if (text === undefined) return fallback;
      try {
        return convert(text);
      } catch (error) {
        if (!(error instanceof ValueProblem)) throw error;
        record(log.errors, key, error.message);
        return fallback;
      }
    },
    error: (key, message) => record(log.errors, key, message),
    warn: (key, message) => record(log.warnings, key, message),
    unread: () => [...section.entries.values()].filter((entry) => !read.has(entry.key)),
  };
  return reader;
}
