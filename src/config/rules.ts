// Rules that involve more than one field, checked on the parsed YAML itself so that they are
// reported together with the schema's mistakes. Each rule looks only at fields that are
// individually valid, so one mistake is never reported twice. The rules of one topic live in
// worker-rules.ts, process-name-rules.ts and pool-warnings.ts.
import { autoscaleWarnings } from './autoscale.js';
import { backlogRuleErrors } from './backlog-rules.js';
import { fpmRuleErrors } from './fpm-rules.js';
import type { PathIssue } from './issues.js';
import { isLoopbackHost, parseListen } from './listen-address.js';
import { recycleWarnings, sharedLogWarnings } from './pool-warnings.js';
import { processCountOf, processNameClash, processNameOf } from './process-name-rules.js';
import { hasNumPlaceholder, NAME_PATTERN, NAME_RULE } from './process-names.js';
import { isRaw } from './raw-yaml.js';
import { formatDuration, parseDurationMs } from './units.js';
import { workerRuleErrors } from './worker-rules.js';

export interface RuleResult {
  readonly errors: PathIssue[];
  readonly warnings: PathIssue[];
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
    errors.push(...backlogRuleErrors(pool, at));
    errors.push(...fpmRuleErrors(pool, at));
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
  errors.push(...clusterTimeoutErrors(raw));
  warnings.push(...clusterStoreWarnings(raw));
  return { errors, warnings };
}

// `cluster:` settings beside a SQLite store: one machine's file has no other hosts.
function clusterStoreWarnings(raw: unknown): PathIssue[] {
  if (!isRaw(raw) || !isRaw(raw.cluster)) return [];
  const store = typeof raw.store === 'string' ? raw.store : 'sqlite:';
  if (!/^sqlite:/i.test(store)) return [];
  const message =
    "has no effect with a SQLite store (one machine's file: there are no other hosts); hosts share a postgres:// store";
  return [{ path: ['cluster'], at: 'key', message }];
}

// A host is declared gone after `timeout` without a heartbeat: under two heartbeats, one late
// heartbeat of a busy host would have its jobs put back while it still runs them.
function clusterTimeoutErrors(raw: unknown): PathIssue[] {
  if (!isRaw(raw) || !isRaw(raw.cluster) || raw.cluster.timeout === undefined) return [];
  let heartbeat: number;
  let timeout: number;
  try {
    heartbeat = parseDurationMs((raw.cluster.heartbeat as string | number | undefined) ?? '2s');
    timeout = parseDurationMs(raw.cluster.timeout as string | number);
  } catch {
    return [];
  }
  if (timeout >= 2 * heartbeat) return [];
  const message = `must be at least twice heartbeat (${formatDuration(heartbeat)}), or one late heartbeat has the host's jobs run twice; got ${formatDuration(timeout)}`;
  return [{ path: ['cluster', 'timeout'], at: 'value', message }];
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
