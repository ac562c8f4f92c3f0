// Reading php-fpm's files line by line into sections, as fpm_conf_ini_parser does: [global]
// (any case) switches to the global settings, any other [name] opens a pool or reopens the one
// of that name (in any case), and a file without a header continues whatever section the lines
// read before it left open. Each value is checked as php-fpm checks it when it reads the line.
import { parseIniLine } from './ini-line.js';
import { fpmIssue as issue } from './issue.js';
import { applyEntry } from './setting-entry.js';
import type { FpmEntry, FpmIssue, FpmPosition } from './types.js';

export interface PoolDraft {
  readonly name: string;
  readonly header: FpmPosition;
  // Plain settings: the last one written wins. Array entries: the first one (php-fpm builds
  // its list backwards and applies it in order, so the first written is applied last).
  readonly entries: Map<string, FpmEntry>;
  readonly suppressPaths: FpmEntry[];
}

export interface LoadState {
  current: PoolDraft | null;
  readonly pools: PoolDraft[];
  readonly global: Map<string, FpmEntry>;
  readonly errors: FpmIssue[];
  readonly warnings: FpmIssue[];
  // Files in which a statement has been read (for the header-less file warning).
  readonly started: Set<string>;
  // Files with a pool setting read as [global] (reported once a file).
  readonly headerless: Set<string>;
}

export interface IncludeRequest {
  readonly pattern: string;
  readonly position: FpmPosition;
}

export function createLoadState(): LoadState {
  return {
    current: null,
    pools: [],
    global: new Map(),
    errors: [],
    warnings: [],
    started: new Set(),
    headerless: new Set(),
  };
}

function openSection(state: LoadState, name: string, at: FpmPosition): void {
  if (name.toLowerCase() === 'global') {
    state.current = null;
    return;
  }
  const existing = state.pools.find((pool) => pool.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    const first = `${existing.header.file}:${existing.header.line}`;
    const message = `[${name}] opens the pool [${existing.name}] again (first at ${first}); its settings join that pool`;
    state.warnings.push(issue(at, message));
    state.current = existing;
    return;
  }
  state.current = { name, header: at, entries: new Map(), suppressPaths: [] };
  state.pools.push(state.current);
}

// Applies line `line` (1-based) of `file`; returns the include it names, if any (php-fpm reads
// the included files after the line, before the next one).
export function applyLine(
  state: LoadState,
  file: string,
  line: number,
  raw: string,
  env: Readonly<Record<string, string | undefined>>,
): IncludeRequest | null {
  const parsed = parseIniLine(raw, env);
  const at = (column: number): FpmPosition => ({ file, line, column, raw });
  for (const name of parsed.unset) {
    const why = name.includes(':-')
      ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes INI syntax
        '; ${VAR:-default} needs PHP 8.3, and 8.2 reads it as one name'
      : '';
    state.warnings.push(
      issue(at(1), `\${${name}} is not set in the environment, so php-fpm reads it as empty${why}`),
    );
  }
  if (parsed.cutAt !== null) {
    const message = "php-fpm stops reading the line at this lone ' and ignores the rest";
    state.warnings.push(issue(at(parsed.cutAt + 1), message));
  }
  let include: IncludeRequest | null = null;
  for (const statement of parsed.statements) {
    if (statement.kind === 'entry' && !state.started.has(file) && state.current) {
      const { name, header } = state.current;
      if (header.file !== file) {
        const message = `this file has no [section] header, so its settings join pool [${name}], left open by ${header.file}:${header.line}`;
        state.warnings.push(issue(at(statement.column), message));
      }
    }
    state.started.add(file);
    if (statement.kind === 'section') openSection(state, statement.name, at(statement.column));
    else include = applyEntry(state, statement, at(statement.column)) ?? include;
  }
  if (parsed.error) state.errors.push(issue(at(parsed.error.column), parsed.error.message));
  return include;
}
