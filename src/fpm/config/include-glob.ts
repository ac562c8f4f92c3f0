// The files an `include =` pattern names, as glibc's glob(pattern, GLOB_ERR | GLOB_MARK) finds
// them for php-fpm: sorted; wildcards (* ? [...], with ! or ^ to negate, \ to escape) never match
// a leading dot; directories are skipped; a pattern without wildcards names its file if it
// exists. A directory whose entries must be listed but cannot be (it does not exist: the
// official images' /usr/local/etc/php-fpm.d/*.conf elsewhere) aborts the glob, and php-fpm
// refuses to start; a glob that simply matches nothing is only a warning.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { fnmatchRegExp } from '../../config/fnmatch.js';

export type GlobResult =
  | { readonly paths: readonly string[] }
  // The directory that could not be listed.
  | { readonly unreadable: string };

const hasMagic = (pattern: string): boolean => /[*?]|\[.*\]/.test(pattern.replace(/\\./g, ''));

const join = (dir: string, name: string) =>
  dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;

// fnmatch(3) for one path segment, as a RegExp.
export const segmentRegExp = (pattern: string): RegExp => fnmatchRegExp(pattern, 'glibc');

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function inDirectory(pattern: string, dir: string): GlobResult {
  if (!hasMagic(pattern)) {
    const path = join(dir, pattern.replace(/\\(.)/g, '$1'));
    return { paths: exists(path) ? [path] : [] };
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return { paths: [] };
    return { unreadable: dir };
  }
  const regExp = segmentRegExp(pattern);
  const dots = pattern.startsWith('.');
  const paths = names.filter((name) => (dots || !name.startsWith('.')) && regExp.test(name));
  return { paths: paths.map((name) => join(dir, name)) };
}

function globAll(pattern: string): GlobResult {
  const slash = pattern.lastIndexOf('/');
  const dirname = slash <= 0 ? '/' : pattern.slice(0, slash);
  const dirs = hasMagic(dirname) ? globAll(dirname) : { paths: [dirname] };
  if ('unreadable' in dirs) return dirs;
  const paths: string[] = [];
  for (const dir of dirs.paths) {
    const found = inDirectory(pattern.slice(slash + 1), dir);
    if ('unreadable' in found) return found;
    paths.push(...found.paths);
  }
  return { paths };
}

// The regular files (and anything else that is not a directory) an absolute pattern matches.
export function globInclude(pattern: string): GlobResult {
  const found = globAll(pattern);
  if ('unreadable' in found) return found;
  const files = found.paths.filter((path) => !isDirectory(path));
  return { paths: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}
