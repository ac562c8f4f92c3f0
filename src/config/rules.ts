// Rules that involve more than one field, checked on the parsed YAML itself so that they are
// reported together with the schema's mistakes. Each rule looks only at fields that are
// individually valid, so one mistake is never reported twice.
import { autoscaleWarnings, maxProcessesOf } from './autoscale.js';
import type { PathIssue } from './issues.js';
import { isLoopbackHost, parseListen } from './listen-address.js';
import {
  DEFAULT_PROCESS_NAME,
  hasNumPlaceholder,
  NAME_PATTERN,
  NAME_RULE,
  renderTemplate,
  templateProblem,
} from './process-names.js';
import { MIN_MEMORY_BYTES } from './schema.js';
import { formatBytes, parseBytes } from './units.js';

export interface RuleResult {
  readonly errors: PathIssue[];
  readonly warnings: PathIssue[];
}

type Raw = Record<string, unknown>;

function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function processCountOf(pool: Raw): number | null {
  // For an autoscaled pool, its max: names must hold for every process it may start.
  return maxProcessesOf(pool.processes);
}

function processNameOf(pool: Raw): string | null {
  const t = pool.process_name ?? DEFAULT_PROCESS_NAME;
  return typeof t === 'string' && t !== '' && templateProblem(t, ['pool', 'num']) === null
    ? t
    : null;
}

// Checks pool names and the rules between fields; `raw` is the YAML as plain data.
export function checkRules(raw: unknown): RuleResult {
  const errors: PathIssue[] = [];
  const warnings: PathIssue[] = [];
  const pools = isRaw(raw) && isRaw(raw.pools) ? Object.entries(raw.pools) : [];
  if (isRaw(raw) && isRaw(raw.pools) && pools.length === 0) {
    warnings.push({
      path: ['pools'],
      at: 'key',
      message: 'no pools are defined, so crew has nothing to run',
    });
  }
  const owners = new Map<string, string>();
  for (const [name, pool] of pools) {
    const at = (...keys: string[]) => ['pools', name, ...keys];
    if (!NAME_PATTERN.test(name))
      errors.push({ path: at(), at: 'key', message: `pool names ${NAME_RULE}` });
    if (!isRaw(pool)) continue;
    const count = processCountOf(pool);
    const template = processNameOf(pool);
    const where = pool.process_name === undefined ? at() : at('process_name');
    const numbered = template !== null && hasNumPlaceholder(template);
    if (count !== null && count > 1 && template !== null && !numbered) {
      errors.push({
        path: where,
        at: pool.process_name === undefined ? 'key' : 'value',
        message: `must contain {num} or {num:02} when processes is more than 1, or all ${count} processes get the same name`,
      });
    }
    errors.push(...workerRuleErrors(pool, at));
    if (pool.shell === true && Array.isArray(pool.command)) {
      errors.push({
        path: at('shell'),
        at: 'value',
        message:
          'shell: true runs one command string with /bin/sh -c; write command as a string, not a list',
      });
    }
    if (count !== null && template !== null && NAME_PATTERN.test(name)) {
      const clash = processNameClash(name, template, numbered ? Math.max(count, 1) : 1, owners);
      if (clash) errors.push({ path: where, at: 'value', message: clash });
    }
    if (count !== null && count > 1) warnings.push(...sharedLogWarnings(pool, count, at('logs')));
    warnings.push(...recycleWarnings(pool, at('expect_memory')));
    warnings.push(...autoscaleWarnings(pool, at('scale')));
    if (
      typeof pool.group === 'string' &&
      pool.group !== name &&
      isRaw(raw) &&
      isRaw(raw.pools) &&
      pool.group in raw.pools
    ) {
      warnings.push({
        path: at('group'),
        at: 'value',
        message: `"${pool.group}" is also a pool's name, so "${pool.group}:*" will mean the pool, not the group`,
      });
    }
  }
  errors.push(...httpTokenErrors(raw));
  return { errors, warnings };
}

// Settings only a pool of Node handlers reads.
const HANDLER_ONLY = [
  'queues',
  'concurrency',
  'tries',
  'retry_backoff',
  'timeout',
  'timeout_grace',
  'lease',
  'poll',
] as const;

// A pool runs a command or handlers; handler settings need handlers; a per-queue concurrency
// names exactly the pool's queues.
function workerRuleErrors(pool: Raw, at: (...keys: string[]) => string[]): PathIssue[] {
  const errors: PathIssue[] = [];
  const handlers = pool.handlers !== undefined;
  if (handlers && pool.command !== undefined) {
    errors.push({
      path: at('handlers'),
      at: 'key',
      message:
        'a pool runs either command: (any program) or handlers: (Node job handlers), not both',
    });
  } else if (!handlers && pool.command === undefined) {
    errors.push({
      path: at(),
      at: 'key',
      message: 'needs command: (the program to run) or handlers: (a module of Node job handlers)',
    });
  }
  if (handlers && pool.backlog !== undefined) {
    errors.push({
      path: at('backlog'),
      at: 'key',
      message:
        "a pool with handlers: takes its backlog from crew's own store; backlog: is for pools that run a command",
    });
  }
  if (!handlers) {
    for (const key of HANDLER_ONLY) {
      if (pool[key] === undefined) continue;
      errors.push({
        path: at(key),
        at: 'key',
        message: `applies only to pools with handlers:${key === 'queues' ? '; for a command pool, name its queues under backlog:' : ''}`,
      });
    }
    if (isRaw(pool.recycle) && pool.recycle.max_jobs != null) {
      errors.push({
        path: at('recycle', 'max_jobs'),
        at: 'key',
        message:
          'applies only to pools with handlers:; for queue:work, pass --max-jobs=N in its command',
      });
    }
  }
  const map = isRaw(pool.concurrency) ? pool.concurrency : null;
  if (handlers && map && Array.isArray(pool.queues)) {
    const queues = pool.queues.filter((q): q is string => typeof q === 'string');
    for (const key of Object.keys(map)) {
      if (!queues.includes(key))
        errors.push({
          path: at('concurrency', key),
          at: 'key',
          message: `"${key}" is not in this pool's queues (${queues.join(', ')})`,
        });
    }
    const missing = queues.filter((q) => !(q in map));
    if (missing.length > 0)
      errors.push({
        path: at('concurrency'),
        at: 'key',
        message: `gives no limit for ${missing.join(', ')}; give every queue of the pool its own number`,
      });
  }
  return errors;
}

// Status, metrics and control over HTTP on an address other machines can reach need a token.
function httpTokenErrors(raw: unknown): PathIssue[] {
  if (!isRaw(raw) || !isRaw(raw.http) || (raw.http.token ?? null) !== null) return [];
  let host: string;
  try {
    host = parseListen(raw.http.listen as string | number).host;
  } catch {
    return [];
  }
  if (isLoopbackHost(host)) return [];
  const message = `${host} can be reached from other machines, so http.token is required (anyone who reaches the port could read status and metrics); add token:, or listen on 127.0.0.1`;
  return [{ path: ['http', 'listen'], at: 'value', message }];
}

function processNameClash(
  pool: string,
  template: string,
  count: number,
  owners: Map<string, string>,
): string | null {
  let clash: string | null = null;
  for (let num = 0; num < count; num += 1) {
    const processName = renderTemplate(template, { pool, num });
    const owner = owners.get(processName);
    if (owner !== undefined && owner !== pool && clash === null) {
      clash = `makes the process name "${processName}", which pool "${owner}" also makes`;
    }
    if (owner === undefined) owners.set(processName, pool);
  }
  return clash;
}

// A memory size the schema accepts, or null.
function memorySizeOf(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  try {
    const n = parseBytes(v);
    return n >= MIN_MEMORY_BYTES ? n : null;
  } catch {
    return null;
  }
}

function recycleWarnings(pool: Raw, path: readonly (string | number)[]): PathIssue[] {
  const expected = memorySizeOf(pool.expect_memory);
  const max = isRaw(pool.recycle) ? memorySizeOf(pool.recycle.max_memory) : null;
  if (expected === null || max === null || expected < max) return [];
  const message = `${formatBytes(expected)} is not below recycle.max_memory (${formatBytes(max)}), so every process would be recycled as soon as it uses what it is expected to`;
  return [{ path, at: 'value', message }];
}

function sharedLogWarnings(
  pool: Raw,
  count: number,
  path: readonly (string | number)[],
): PathIssue[] {
  if (!isRaw(pool.logs)) return [];
  const warnings: PathIssue[] = [];
  for (const key of ['file', 'stderr']) {
    const file = pool.logs[key];
    if (typeof file !== 'string' || templateProblem(file, ['name', 'pool', 'num']) !== null)
      continue;
    if (file.includes('{name}') || hasNumPlaceholder(file)) continue;
    warnings.push({
      path: [...path, key],
      at: 'value',
      message: `all ${count} processes write to this one file; add {name} to give each process its own`,
    });
  }
  return warnings;
}
