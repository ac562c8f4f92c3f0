// What php-fpm refuses in a pool once every file is read (fpm_conf_process_all_pools), in its
// order, each placed at the setting concerned (or the pool's header when the setting is
// missing). Checks of the machine itself (does user exist, can the slowlog be created, is chdir
// a directory) are left to php-fpm. The pm checks stop at the first failure, as php-fpm does.
import { atoi } from './c-int.js';
import { readListenAddress } from './listen-address.js';
import type { FpmIssue, FpmPool } from './types.js';

export interface PoolCheckOptions {
  // php-fpm runs as root: a pool needs a user then, and is told to ignore it otherwise.
  readonly root: boolean;
}

export interface CheckResult {
  readonly errors: FpmIssue[];
  readonly warnings: FpmIssue[];
}

const URL_PATH = /^[A-Za-z0-9/_\-.~]*$/;

function pmProblem(pool: FpmPool): [string, string] | null {
  const { pm, maxChildren: max, minSpareServers: min, maxSpareServers: spare } = pool;
  if (pm === null) return ['pm', 'has no pm; add pm = dynamic (or static, ondemand)'];
  const has = pool.entries.has('pm.max_children');
  if (max < 1) {
    return [
      'pm.max_children',
      has
        ? 'pm.max_children must be 1 or more'
        : 'has no pm.max_children; add one, such as pm.max_children = 5',
    ];
  }
  if (pm === 'dynamic') {
    for (const [key, value] of [
      ['pm.min_spare_servers', min],
      ['pm.max_spare_servers', spare],
    ] as const) {
      if (value > 0) continue;
      if (!pool.entries.has(key))
        return [key, `has no ${key}, which pm = dynamic needs; add ${key} = 1 or more`];
      return [key, `${key} (${value}) must be 1 or more with pm = dynamic`];
    }
    if (min > max || spare > max) {
      const key = spare > max ? 'pm.max_spare_servers' : 'pm.min_spare_servers';
      return [
        key,
        `pm.min_spare_servers (${min}) and pm.max_spare_servers (${spare}) cannot exceed pm.max_children (${max})`,
      ];
    }
    if (spare < min)
      return [
        'pm.max_spare_servers',
        `pm.max_spare_servers (${spare}) is below pm.min_spare_servers (${min})`,
      ];
    const start = pool.startServers;
    if (pool.entries.has('pm.start_servers') && (start < min || start > spare)) {
      return [
        'pm.start_servers',
        `pm.start_servers (${start}) must be from pm.min_spare_servers (${min}) to pm.max_spare_servers (${spare})`,
      ];
    }
    if (pool.maxSpawnRate <= 0) return ['pm.max_spawn_rate', 'pm.max_spawn_rate must be 1 or more'];
  }
  if (pm === 'ondemand' && pool.processIdleTimeoutMs < 1000) {
    return [
      'pm.process_idle_timeout',
      `pm.process_idle_timeout (${pool.processIdleTimeoutMs / 1000}s) must be 1s or more with pm = ondemand`,
    ];
  }
  return null;
}

function pathProblem(path: string | null, what: string): string | null {
  if (path === null) return null;
  if (!path.startsWith('/')) return `the ${what} ${JSON.stringify(path)} must start with /`;
  if (path.length < 2) return `the ${what} "/" is too short; write one such as /status`;
  if (!URL_PATH.test(path))
    return `the ${what} ${JSON.stringify(path)} may hold only letters, digits and / _ - . ~`;
  return null;
}

// Checks one pool; `listens` collects the addresses seen so far, to find one used twice.
export function checkPool(
  pool: FpmPool,
  options: PoolCheckOptions,
  listens: Map<string, string>,
): CheckResult {
  const errors: FpmIssue[] = [];
  const warnings: FpmIssue[] = [];
  const at = (key: string) => pool.entries.get(key)?.position ?? pool.header;
  const push = (list: FpmIssue[], key: string, message: string) => {
    const { file, line, column } = at(key);
    list.push({
      file,
      line,
      column,
      message: pool.entries.has(key) ? message : `pool [${pool.name}] ${message}`,
    });
  };
  if (options.root && pool.user === null)
    push(
      errors,
      'user',
      'has no user, and php-fpm running as root refuses that; add user = www-data',
    );
  if (pool.listen === null)
    push(
      errors,
      'listen',
      'has no listen address; add listen = /run/php/php-fpm.sock or listen = 9000',
    );
  const priority = atoi(pool.entries.get('process.priority')?.value ?? '0');
  if (priority < -19 || priority > 20)
    push(errors, 'process.priority', 'process.priority must be from -19 to 20');
  const pm = pmProblem(pool);
  if (pm) push(errors, pm[0], pm[1]);
  const status = pathProblem(pool.entries.get('pm.status_path')?.value || null, 'status path');
  if (status) push(errors, 'pm.status_path', status);
  const ping = pathProblem(pool.pingPath, 'ping path');
  if (ping) push(errors, 'ping.path', ping);
  if (pool.pingPath !== null && pool.pingResponse === '')
    push(errors, 'ping.response', 'ping.response is empty');
  const slowlog = pool.slowlog !== null;
  if (pool.requestSlowlogTimeoutMs !== 0 && !slowlog)
    push(errors, 'request_slowlog_timeout', 'request_slowlog_timeout needs slowlog = FILE');
  const depth = atoi(pool.entries.get('request_slowlog_trace_depth')?.value ?? '0');
  if (depth !== 0 && !slowlog)
    push(errors, 'request_slowlog_trace_depth', 'request_slowlog_trace_depth needs slowlog = FILE');
  else if (depth < 0)
    push(errors, 'request_slowlog_trace_depth', 'request_slowlog_trace_depth must be 1 or more');
  for (const [key, address] of [
    ['listen', pool.listen],
    ['pm.status_listen', pool.statusListen],
  ] as const) {
    if (address === null) continue;
    const read = readListenAddress(address);
    if ('problem' in read)
      push(
        warnings,
        key,
        `${key} = ${address}: ${read.problem}; php-fpm -t accepts it, but php-fpm will not start`,
      );
    const other = listens.get(address);
    if (other !== undefined)
      push(errors, key, `${key} = ${address} is already the listen address of pool [${other}]`);
    else listens.set(address, pool.name);
  }
  return { errors, warnings };
}
