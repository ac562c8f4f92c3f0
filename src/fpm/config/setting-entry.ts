// A plain `key = value` line, as fpm_conf_ini_parser_entry reads it: `include` (case matters)
// asks for more files; any other key must be a setting of the section it is in (in any case);
// $pool in a string becomes the pool's name (refused in [global]); the value must be one php-fpm
// can read. Set twice, the last one counts.
import { applyArrayEntry } from './array-entry.js';
import { readDirective } from './directive-values.js';
import { globalDirectives, poolDirectives } from './directives.js';
import type { IniEntryStatement } from './ini-line.js';
import { fpmIssue as issue } from './issue.js';
import type { IncludeRequest, LoadState } from './load-state.js';
import type { FpmPosition } from './types.js';

function unknownSetting(state: LoadState, key: string): string {
  if (state.current === null) {
    return poolDirectives.has(key.toLowerCase())
      ? `${key} is a pool setting, but no [pool] header comes before it, so php-fpm reads it (and the pool settings after it) as [global]; add a header such as [www] above it, or include this file after one`
      : `php-fpm has no [global] setting named ${key}`;
  }
  return globalDirectives.has(key.toLowerCase())
    ? `${key} is a [global] setting, not one of pool [${state.current.name}]; move it under [global]`
    : `php-fpm has no pool setting named ${key}`;
}

// Applies one `key = value` (or `key[offset] = value`) statement; returns the include it names.
export function applyEntry(
  state: LoadState,
  entry: IniEntryStatement,
  at: FpmPosition,
): IncludeRequest | null {
  const { key, value } = entry;
  if (value === null) {
    state.errors.push(
      issue(at, `"${key}" is not key = value (a # comment? php-fpm takes only ; comments)`),
    );
    return null;
  }
  if (entry.offset !== null) {
    applyArrayEntry(state, { key, offset: entry.offset, value }, at);
    return null;
  }
  if (key === 'include') return { pattern: value, position: at };
  const name = key.toLowerCase();
  const kind = (state.current ? poolDirectives : globalDirectives).get(name);
  if (kind === undefined) {
    // Pool settings before any [pool] header: one error explains every such line of the file.
    const headerless = state.current === null && poolDirectives.has(name);
    if (!(headerless && state.headerless.has(at.file)))
      state.errors.push(issue(at, unknownSetting(state, key)));
    if (headerless) state.headerless.add(at.file);
    return null;
  }
  let resolved = value;
  if (kind === 'string' && value.includes('$pool')) {
    if (state.current === null) {
      state.errors.push(
        issue(at, `${key} uses $pool outside a pool section, which php-fpm refuses`),
      );
      return null;
    }
    resolved = value.replaceAll('$pool', state.current.name);
  }
  const read = readDirective(kind, resolved);
  if (!read.ok) {
    state.errors.push(issue(at, `${key} = ${JSON.stringify(value)} ${read.reason}`));
    return null;
  }
  const entries = state.current?.entries ?? state.global;
  const before = entries.get(name);
  if (before) {
    const first = `${before.position.file}:${before.position.line}`;
    state.warnings.push(
      issue(at, `${key} is set again (before at ${first}); php-fpm uses this one`),
    );
  }
  entries.set(name, { key: name, written: key, value: resolved, position: at });
  return null;
}
