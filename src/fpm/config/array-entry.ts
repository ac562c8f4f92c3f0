// key[offset] = value entries, checked in fpm_conf_ini_parser_array's order: an offset is
// required (except by access.suppress_path[], which takes none), arrays belong to pools, the
// name must be one php-fpm knows (case matters), env[] needs a value, *_flag[] a yes/no, and
// $pool in a value becomes the pool's name.
import { readBoolean } from './directive-values.js';
import { arrayDirectives } from './directives.js';
import type { LoadState } from './load-state.js';
import type { FpmPosition } from './types.js';

export interface ArrayStatement {
  readonly key: string;
  readonly offset: string;
  readonly value: string;
}

function refusal({ key, offset, value }: ArrayStatement, state: LoadState): string | null {
  if (key === 'access.suppress_path') {
    if (offset !== '')
      return `access.suppress_path[${offset}]: write access.suppress_path[] with no key`;
    if (!value.startsWith('/'))
      return `access.suppress_path[] = ${JSON.stringify(value)} must start with /`;
  } else if (offset === '') return `${key}[] needs a key, such as ${key}[NAME]`;
  if (state.current === null) {
    return `${key}[${offset}] belongs in a pool section; php-fpm refuses arrays in [global]`;
  }
  if (!arrayDirectives.has(key)) {
    const hint = arrayDirectives.has(key.toLowerCase())
      ? ` (write ${key.toLowerCase()}, in lower case)`
      : '';
    return `php-fpm has no setting named ${key}[...]${hint}`;
  }
  if (key === 'env' && value === '')
    return `env[${offset}] is empty; php-fpm refuses an empty env value`;
  if (key.endsWith('_flag') && !readBoolean(value).ok) {
    return `${key}[${offset}] = ${JSON.stringify(value)} is not yes or no; write on or off`;
  }
  return null;
}

// Records the entry in the current pool, or the reason php-fpm refuses it.
export function applyArrayEntry(
  state: LoadState,
  statement: ArrayStatement,
  at: FpmPosition,
): void {
  const problem = refusal(statement, state);
  const pool = state.current;
  if (problem !== null || pool === null) {
    // In a file without a [pool] header, one error (the first line's) explains the rest.
    if (pool === null && state.headerless.has(at.file)) return;
    if (pool === null) state.headerless.add(at.file);
    const { file, line, column } = at;
    state.errors.push({ file, line, column, message: problem ?? '' });
    return;
  }
  const { key, offset } = statement;
  let value = statement.value.replaceAll('$pool', pool.name);
  if (key.endsWith('_flag')) value = flag(value);
  const entry = { key: `${key}[${offset}]`, written: `${key}[${offset}]`, value, position: at };
  if (key === 'access.suppress_path') {
    pool.suppressPaths.push(entry);
    return;
  }
  const before = pool.entries.get(entry.key);
  if (before) {
    const first = `${before.position.file}:${before.position.line}`;
    const message = `${entry.key} is set again (first at ${first}); php-fpm applies both, this one first, so the first one wins`;
    state.warnings.push({ file: at.file, line: at.line, column: at.column, message });
    return;
  }
  pool.entries.set(entry.key, entry);
}

function flag(value: string): string {
  const read = readBoolean(value);
  return read.ok && read.value === true ? '1' : '0';
}
