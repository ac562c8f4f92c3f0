// Reads php-fpm.conf and every file it includes, in php-fpm's order (an included file is read
// right after its `include =` line), then checks the result as php-fpm does before it starts.
// Relative include patterns and paths are taken from the prefix (php-fpm's -p, else the prefix
// it was built with), not from the including file's directory. Reads are bounded: crew's size
// and text limits per file, php-fpm's 5 files in an include chain, 1,000 files in all.
import { createHash, type Hash } from 'node:crypto';
import { readTextFile, type TextFile } from '../../config/text-file.js';
import { buildGlobal, checkGlobal } from './global-settings.js';
import { globInclude } from './include-glob.js';
import { fpmFileError } from './issue.js';
import { underPrefix } from './listen-address.js';
import { applyLine, createLoadState, type IncludeRequest, type LoadState } from './load-state.js';
import { checkPool } from './pool-checks.js';
import { buildPool } from './pool-settings.js';
import type { FpmConfig, FpmIssue } from './types.js';

export interface ReadFpmOptions {
  // What ${VAR} reads; process.env by default.
  readonly env?: Readonly<Record<string, string | undefined>>;
  // php-fpm's -p, or the prefix it was built with: /usr (Debian, Ubuntu, the default), /usr/local
  // (the official php:*-fpm images).
  readonly prefix?: string;
  // Whether php-fpm runs as root (then every pool needs a user); by default, whether crew does.
  readonly root?: boolean;
}

// php-fpm's own limit: a chain of includes holds at most 5 files, the main one counted.
export const MAX_INCLUDE_CHAIN = 5;
export const MAX_FPM_FILES = 1000;
const MAX_LINE_LENGTH = 64 * 1024;

interface Reader {
  readonly state: LoadState;
  readonly files: string[];
  readonly digest: Hash;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly prefix: string;
}

function readLines(reader: Reader, file: string, text: string, depth: number): void {
  reader.files.push(file);
  reader.digest.update(file).update('\0').update(text).update('\0');
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  for (const [index, withEnding] of lines.entries()) {
    const raw = withEnding.endsWith('\r') ? withEnding.slice(0, -1) : withEnding;
    const at = { file, line: index + 1, column: 1 };
    if (raw.length > MAX_LINE_LENGTH) {
      const message = `the line is ${raw.length} characters long; crew reads lines of at most ${MAX_LINE_LENGTH}`;
      reader.state.errors.push({ ...at, message });
      continue;
    }
    if (index === 0 && raw.startsWith('\uFEFF')) {
      const message =
        'the file starts with a byte-order mark, which php-fpm reads as part of the line; save it without one';
      reader.state.errors.push({ ...at, message });
      continue;
    }
    const include = applyLine(reader.state, file, index + 1, raw, reader.env);
    if (include) readIncluded(reader, include, depth);
  }
}

function readIncluded(reader: Reader, include: IncludeRequest, depth: number): void {
  const { file, line, column } = include.position;
  const refuse = (message: string) => reader.state.errors.push({ file, line, column, message });
  const pattern = underPrefix(include.pattern, reader.prefix);
  const found = globInclude(pattern);
  if ('unreadable' in found) {
    refuse(
      `include = ${pattern}: the directory ${found.unreadable} cannot be listed, and php-fpm refuses to start`,
    );
    return;
  }
  if (found.paths.length === 0) {
    const message = `include = ${pattern} matches no file; php-fpm goes on without it`;
    reader.state.warnings.push({ file, line, column, message });
    return;
  }
  for (const match of found.paths) {
    if (depth + 1 >= MAX_INCLUDE_CHAIN) {
      refuse(
        `include = ${pattern}: includes nest more than ${MAX_INCLUDE_CHAIN} files deep, which php-fpm refuses (does a file include itself?)`,
      );
      return;
    }
    if (reader.files.length >= MAX_FPM_FILES) {
      refuse(`include = ${pattern}: more than ${MAX_FPM_FILES} files in all, the most crew reads`);
      return;
    }
    let read: TextFile;
    try {
      read = readTextFile(match, { regularOnly: true });
    } catch {
      refuse(`include = ${pattern}: ${match} cannot be read, and php-fpm refuses to start`);
      continue;
    }
    if (!read.ok) {
      const issue: FpmIssue = read.problem.endsWith('not a regular file')
        ? { file, line, column, message: `included ${match} ${read.problem}` }
        : { file: match, line: read.line, column: 1, message: `the file ${read.problem}` };
      reader.state.errors.push(issue);
      continue;
    }
    readLines(reader, match, read.text, depth + 1);
  }
}

// Reads `file` and what it includes; throws CREW_FPM_CONFIG_INVALID only when `file` itself
// cannot be read. Everything else php-fpm would refuse is in `errors`.
export function readFpmConfig(file: string, options: ReadFpmOptions = {}): FpmConfig {
  let read: TextFile;
  try {
    read = readTextFile(file);
  } catch (error) {
    throw fpmFileError(file, (error as NodeJS.ErrnoException).code);
  }
  const prefix = options.prefix ?? '/usr';
  const reader: Reader = {
    state: createLoadState(),
    files: [],
    digest: createHash('sha256'),
    env: options.env ?? process.env,
    prefix,
  };
  const { state } = reader;
  if (read.ok) readLines(reader, file, read.text, 0);
  else state.errors.push({ file, line: read.line, column: 1, message: `the file ${read.problem}` });
  const root = options.root ?? process.getuid?.() === 0;
  const pools = state.pools.map((draft) => buildPool(draft, prefix));
  const global = buildGlobal(state.global, prefix);
  const errors = [...state.errors, ...checkGlobal(global)];
  const warnings = [...state.warnings];
  if (pools.length === 0 && read.ok) {
    const message = 'no pool is defined; php-fpm needs at least one pool section, such as [www]';
    errors.push({ file, line: 1, column: 1, message });
  }
  const listens = new Map<string, string>();
  for (const pool of pools) {
    const checked = checkPool(pool, { root }, listens);
    errors.push(...checked.errors);
    warnings.push(...checked.warnings);
  }
  const digest = reader.digest.digest('hex');
  return { files: reader.files, digest, global, pools, warnings, errors };
}
