// A pool's typed settings with php-fpm's defaults (fpm_worker_pool_config_alloc and
// fpm_conf_process_all_pools): pm.max_spawn_rate 32, pm.process_idle_timeout 10s,
// pm.max_requests 0, clear_env and decorate_workers_output on; for dynamic, an absent
// pm.start_servers becomes min + (max - min) / 2; ondemand has no spare servers; relative socket
// and log paths are taken from the pool's prefix, else the global one.
import { type DirectiveValue, type FpmPm, readDirective } from './directive-values.js';
import { poolDirectives } from './directives.js';
import { isTcpListen, readListenAddress, underPrefix } from './listen-address.js';
import type { PoolDraft } from './load-state.js';
import type { FpmEntry, FpmPool } from './types.js';

function reader(entries: ReadonlyMap<string, FpmEntry>) {
  const read = (key: string): DirectiveValue | null => {
    const entry = entries.get(key);
    const kind = poolDirectives.get(key);
    return entry && kind ? readDirective(kind, entry.value) : null;
  };
  const typed = <T>(key: string, fallback: T): T => {
    const value = read(key);
    return value?.ok ? (value.value as T) : fallback;
  };
  return {
    string: (key: string): string | null => {
      const value = entries.get(key)?.value;
      return value === undefined || value === '' ? null : value;
    },
    number: (key: string, fallback: number) => typed(key, fallback),
    ms: (key: string, fallbackSeconds: number) => typed(key, fallbackSeconds) * 1000,
    boolean: (key: string, fallback: boolean) => typed(key, fallback),
    pm: () => typed<FpmPm | null>('pm', null),
  };
}

// The entries of one array (`env`, `php_value`...) by offset; the first written wins.
function arrayOf(entries: ReadonlyMap<string, FpmEntry>, names: readonly string[]) {
  const values = new Map<string, string>();
  for (const entry of entries.values()) {
    const match = /^([^[]+)\[(.*)\]$/s.exec(entry.key);
    if (match && names.includes(match[1] as string) && !values.has(match[2] as string)) {
      values.set(match[2] as string, entry.value);
    }
  }
  return values;
}

// The pool as php-fpm runs it; `prefix` is php-fpm's -p, or the prefix it was built with.
export function buildPool(draft: PoolDraft, prefix: string): FpmPool {
  const { entries } = draft;
  const get = reader(entries);
  const poolPrefix = get.string('prefix');
  const base = poolPrefix === null ? prefix : underPrefix(poolPrefix, prefix);
  const pm = get.pm();
  const minSpare = pm === 'ondemand' ? 0 : get.number('pm.min_spare_servers', 0);
  const maxSpare = pm === 'ondemand' ? 0 : get.number('pm.max_spare_servers', 0);
  let startServers = pm === 'ondemand' ? 0 : get.number('pm.start_servers', 0);
  if (pm === 'dynamic' && startServers <= 0) {
    startServers = minSpare + Math.trunc((maxSpare - minSpare) / 2);
  }
  const listenValue = get.string('listen');
  const listen =
    listenValue === null || isTcpListen(listenValue) ? listenValue : underPrefix(listenValue, base);
  const read = listen === null ? null : readListenAddress(listen);
  const statusListen = get.string('pm.status_listen');
  const pingPath = get.string('ping.path');
  const slowlog = get.string('slowlog');
  return {
    name: draft.name,
    header: draft.header,
    pm,
    maxChildren: get.number('pm.max_children', 0),
    startServers,
    minSpareServers: minSpare,
    maxSpareServers: maxSpare,
    maxSpawnRate: get.number('pm.max_spawn_rate', 32),
    maxRequests: get.number('pm.max_requests', 0),
    processIdleTimeoutMs: get.ms('pm.process_idle_timeout', 10),
    statusPath: get.string('pm.status_path') ?? (statusListen === null ? null : '/'),
    statusListen,
    pingPath,
    pingResponse: pingPath === null ? null : (entries.get('ping.response')?.value ?? 'pong'),
    listen,
    listenAddress: read !== null && 'address' in read ? read.address : null,
    listenOwner: get.string('listen.owner'),
    listenGroup: get.string('listen.group'),
    listenMode: get.string('listen.mode'),
    user: get.string('user'),
    group: get.string('group'),
    requestTerminateTimeoutMs: get.ms('request_terminate_timeout', 0),
    requestSlowlogTimeoutMs: get.ms('request_slowlog_timeout', 0),
    slowlog: slowlog === null ? null : underPrefix(slowlog, base),
    catchWorkersOutput: get.boolean('catch_workers_output', false),
    decorateWorkersOutput: get.boolean('decorate_workers_output', true),
    clearEnv: get.boolean('clear_env', true),
    env: arrayOf(entries, ['env']),
    phpValues: arrayOf(entries, ['php_value', 'php_flag']),
    phpAdminValues: arrayOf(entries, ['php_admin_value', 'php_admin_flag']),
    accessSuppressPaths: draft.suppressPaths,
    entries,
  };
}
