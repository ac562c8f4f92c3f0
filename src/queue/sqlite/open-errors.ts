// What went wrong with crew's SQLite file, in one line: better-sqlite3's SqliteError codes (and
// the errno codes of creating its directory), plus what is really at the path, → a coded
// CrewError naming the file, what is wrong with it and what to do. describeStoreFailure decides;
// sqliteStoreError looks at the file and the disk.
import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { CrewError } from '../../errors/crew-error.js';

// What is at the store's path when an error names it.
export type FoundAtPath = 'file' | 'no-access' | 'directory' | 'missing' | 'unknown';

export interface StoreFailure {
  // SQLITE_* (extended codes too: SQLITE_IOERR_WRITE) or an errno code (ENOSPC, EACCES).
  readonly code: string;
  // The driver's own words ("file is not a database").
  readonly reason: string;
  // The file and its directory as the user knows them (relative to the working directory).
  readonly file: string;
  readonly dir: string;
  readonly found: FoundAtPath;
  // Whether the disk holding the file has (almost) no space left.
  readonly diskFull: boolean;
}

// The primary result code of an extended one: SQLITE_IOERR_WRITE → SQLITE_IOERR.
const primary = (code: string) =>
  code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;

const DENIED = new Set(['SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM']);
const READ_ONLY = new Set(['SQLITE_READONLY', 'EROFS']);

// The error to report for a failure of crew's SQLite store, or null when it is not one of the
// file and disk problems above (a bug then, reported as such).
export function describeStoreFailure(f: StoreFailure): CrewError | null {
  const code = primary(f.code);
  const { file, dir, reason } = f;
  if (code === 'SQLITE_NOTADB')
    return new CrewError(
      'CREW_STORE_CORRUPT',
      `${file} is not a SQLite database (${reason}); move it aside or restore it`,
    );
  if (code === 'SQLITE_CORRUPT')
    return new CrewError(
      'CREW_STORE_CORRUPT',
      `${file} is damaged (${reason}); move it aside or restore it (\`sqlite3 ${file} .recover\` saves the rows still readable)`,
    );
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (code === 'SQLITE_IOERR' && f.diskFull))
    return new CrewError(
      'CREW_STORE_FULL',
      `the disk holding ${file} is full (${reason}); nothing was written and what was stored before is intact: free space (\`df -h ${dir}\`) and try again`,
    );
  if (f.found === 'directory')
    return new CrewError(
      'CREW_STORE',
      `${file} is a directory, not a SQLite database file; move it aside or point \`store:\` at a file`,
    );
  if (READ_ONLY.has(code))
    return new CrewError(
      'CREW_STORE',
      `${file} is read-only (${reason}); crew must be able to write it and its directory ${dir} (for the -wal and -shm files)`,
    );
  if (DENIED.has(code) || (code === 'SQLITE_CANTOPEN' && f.found === 'no-access'))
    return new CrewError(
      'CREW_STORE',
      `cannot open ${file} (permission denied); let crew's user read and write it and its directory ${dir}`,
    );
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return new CrewError(
      'CREW_STORE',
      `cannot create ${file}: part of its path is a file, not a directory (${reason})`,
    );
  if (code === 'SQLITE_CANTOPEN')
    return new CrewError(
      'CREW_STORE',
      `cannot open ${file} (${reason}); check that ${dir} exists and crew's user can write to it`,
    );
  if (code === 'SQLITE_IOERR')
    return new CrewError(
      'CREW_STORE',
      `reading or writing ${file} failed (${reason}, ${f.code}); check the disk holding it (\`dmesg\`)`,
    );
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new CrewError(
      'CREW_STORE',
      `${file} stayed locked by another process for longer than crew waits (${reason}); try again, or find the program holding a long transaction on it`,
    );
  return null;
}

// The path as the user wrote it: relative to the working directory when inside it.
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

function foundAt(path: string): FoundAtPath {
  try {
    if (statSync(path).isDirectory()) return 'directory';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'missing' : code === 'EACCES' ? 'no-access' : 'unknown';
  }
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    accessSync(dirname(path), constants.W_OK | constants.X_OK);
    return 'file';
  } catch {
    return 'no-access';
  }
}

// Less than this free on the disk counts as full (SQLite may need a few pages at once).
const FULL_BELOW_BYTES = 256 * 1024;

function isDiskFull(dir: string): boolean {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize < FULL_BELOW_BYTES;
  } catch {
    return false;
  }
}

// The CrewError for an error raised while opening or using the SQLite file at `path`, or null
// when the error is not a file or disk problem.
export function sqliteStoreError(
  error: unknown,
  path: string,
  cwd = process.cwd(),
): CrewError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string' || code.startsWith('CREW_'))
    return null;
  const dir = dirname(path);
  return describeStoreFailure({
    code,
    reason: error.message,
    file: shownPath(path, cwd),
    dir: shownPath(dir, cwd),
    found: foundAt(path),
    diskFull: primary(code) === 'SQLITE_IOERR' && isDiskFull(dir),
  });
}
