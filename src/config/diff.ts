// What changes between two configs, pool by pool: the supervisor restarts only what changed,
// scales what was only rescaled, and the history shows it in words.
import { createHash } from 'node:crypto';
import { describeProcesses } from './autoscale.js';
import { describeBudget } from './budget.js';
import { formatListen } from './listen-address.js';
import type { CrewConfig, PoolConfig } from './types.js';
import { formatDuration } from './units.js';

export type PoolDiff =
  | { readonly kind: 'added'; readonly name: string; readonly next: PoolConfig }
  | { readonly kind: 'removed'; readonly name: string; readonly prev: PoolConfig }
  // Only `processes` differs: no restart needed, just more or fewer processes.
  | { readonly kind: 'scaled'; readonly name: string; readonly from: number; readonly to: number }
  // `keys` are crew.yaml's names for what differs (`command`, `stop_timeout`...), in file order.
  | {
      readonly kind: 'changed';
      readonly name: string;
      readonly keys: readonly string[];
      readonly prev: PoolConfig;
      readonly next: PoolConfig;
    }
  | { readonly kind: 'unchanged'; readonly name: string };

// A top-level setting that differs, under its crew.yaml name, with both values as people read
// them. All of them apply in place, without restarting any process.
export interface SettingChange {
  readonly key: 'budget' | 'sample_interval' | 'http' | 'log_format';
  readonly from: string;
  readonly to: string;
}

export interface ConfigDiff {
  // Pools of `next` in its order, then the removed ones in `prev`'s order.
  readonly pools: readonly PoolDiff[];
  // The control socket moved; it only takes effect when the daemon restarts.
  readonly controlChanged: boolean;
  // `cluster:` changed (heartbeat, timeout, name): the link to the other hosts is made at start,
  // so it takes effect when the daemon restarts; the words say what changed.
  readonly cluster: string | null;
  // In file order (budget, sample_interval, http, log_format); empty with no previous config.
  readonly settings: readonly SettingChange[];
}

// PoolConfig fields under the names people write in crew.yaml (`name` is the identity).
const yamlNames: Readonly<Record<Exclude<keyof PoolConfig, 'name'>, string>> = {
  argv: 'command',
  shell: 'shell',
  processes: 'processes',
  processName: 'process_name',
  env: 'env',
  cwd: 'cwd',
  autostart: 'autostart',
  autorestart: 'autorestart',
  exitcodes: 'exitcodes',
  startsecsMs: 'startsecs',
  startretries: 'startretries',
  backoffMs: 'backoff',
  stopsignal: 'stopsignal',
  stopTimeoutMs: 'stop_timeout',
  killTree: 'kill_tree',
  priority: 'priority',
  critical: 'critical',
  group: 'group',
  logs: 'logs',
  expectMemoryBytes: 'expect_memory',
  recycle: 'recycle',
  // min and max are written in `processes:`; both apply in place (the policy rescales).
  autoscale: 'processes',
  targetWaitMs: 'target_wait',
  worker: 'handlers',
  backlog: 'backlog',
  // FPM's own files: a change is taken by FPM's graceful reload (reloadSignalOf), not a restart.
  fpm: 'fpm',
};

// JSON with object keys sorted at every level, so equal values give equal text.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function diffPool(prev: PoolConfig, next: PoolConfig): PoolDiff {
  const fields = Object.keys(yamlNames) as (keyof typeof yamlNames)[];
  const differing = fields.filter((f) => canonicalJson(prev[f]) !== canonicalJson(next[f]));
  if (differing.length === 0) return { kind: 'unchanged', name: next.name };
  if (differing.length === 1 && differing[0] === 'processes') {
    return { kind: 'scaled', name: next.name, from: prev.processes, to: next.processes };
  }
  const keys = [...new Set(differing.flatMap((f) => yamlKeysOf(f, prev, next)))];
  return { kind: 'changed', name: next.name, keys, prev, next };
}

// The crew.yaml keys under which a field's difference shows: `autoscale` holds the range written
// in `processes:` and the timings written in `scale:`.
function yamlKeysOf(field: keyof typeof yamlNames, prev: PoolConfig, next: PoolConfig): string[] {
  if (field !== 'autoscale') return [yamlNames[field]];
  const range = (p: PoolConfig) => (p.autoscale ? [p.autoscale.min, p.autoscale.max] : null);
  const timings = (p: PoolConfig) => (p.autoscale ? { ...p.autoscale, min: 0, max: 0 } : null);
  const keys: string[] = [];
  if (canonicalJson(range(prev)) !== canonicalJson(range(next))) keys.push('processes');
  if (
    prev.autoscale &&
    next.autoscale &&
    canonicalJson(timings(prev)) !== canonicalJson(timings(next))
  )
    keys.push('scale');
  return keys;
}

// Settings a running process was started with; changing any of them means a restart. The others
// (priority, critical, group, timings, autorestart, recycle, expect_memory...) are taken by
// running processes in place.
const restartKeys: ReadonlySet<string> = new Set([
  'command',
  'shell',
  'process_name',
  'env',
  'cwd',
  'logs',
  // Handler settings and the store reach a worker in its environment at spawn.
  'handlers',
]);

// True when applying this pool difference requires restarting the pool's processes.
export function needsRestart(pool: PoolDiff): boolean {
  return pool.kind === 'changed' && pool.keys.some((key) => restartKeys.has(key));
}

// The signal that has a running pool take a change without a restart: PHP-FPM's master reloads
// its config on USR2, replacing its children gracefully. null when nothing is to be sent.
export function reloadSignalOf(pool: PoolDiff): NodeJS.Signals | null {
  if (pool.kind !== 'changed' || needsRestart(pool) || !pool.keys.includes('fpm')) return null;
  return 'SIGUSR2';
}

// What changed in an fpm: pool's FPM settings, e.g. `www pm.max_children 10→6`.
function fpmChanges(prev: PoolConfig, next: PoolConfig): string[] {
  const before = new Map((prev.fpm?.pools ?? []).map((p) => [p.name, p] as const));
  const words: string[] = [];
  for (const pool of next.fpm?.pools ?? []) {
    const old = before.get(pool.name);
    if (!old) {
      words.push(`+ ${pool.name}`);
      continue;
    }
    // The spare servers mean something only to pm = dynamic (php-fpm reads them as 0 otherwise).
    const spares = old.pm === 'dynamic' && pool.pm === 'dynamic';
    const settings = [
      ['pm', old.pm, pool.pm],
      ['pm.max_children', old.maxChildren, pool.maxChildren],
      ...(spares
        ? ([
            ['pm.start_servers', old.startServers, pool.startServers],
            ['pm.min_spare_servers', old.minSpareServers, pool.minSpareServers],
            ['pm.max_spare_servers', old.maxSpareServers, pool.maxSpareServers],
          ] as const)
        : []),
      ['pm.max_requests', old.maxRequests, pool.maxRequests],
    ] as const;
    for (const [key, from, to] of settings)
      if (from !== to) words.push(`${pool.name} ${key} ${from}→${to}`);
  }
  for (const name of before.keys())
    if (!(next.fpm?.pools ?? []).some((p) => p.name === name)) words.push(`- ${name}`);
  return words.length > 0 ? words : ['files changed'];
}

// Each top-level setting as people read it, and exactly, for when rounding hides a change.
const settingText = {
  budget: (c: CrewConfig) => [
    c.budget === null ? 'none' : describeBudget(c.budget),
    c.budget?.kind === 'bytes' ? `${c.budget.bytes} bytes` : '',
  ],
  sample_interval: (c: CrewConfig) => [
    formatDuration(c.sampleIntervalMs),
    `${c.sampleIntervalMs}ms`,
  ],
  // The token never goes into the history's words, nor anything derived from it (a short token
  // could be guessed from a fingerprint): the exact text, compared but never shown, holds its hash.
  http: (c: CrewConfig) => {
    // ?? null: versions recorded before http existed have none.
    const http = c.http ?? null;
    if (http === null) return ['off', 'off'];
    const streams = http.eventStreams === undefined ? '' : `, ${http.eventStreams} event streams`;
    const where = `${formatListen(http)}${http.token === null ? '' : ' with a token'}${streams}`;
    if (http.token === null) return [where, where];
    return [where, `${where} ${createHash('sha256').update(http.token).digest('hex')}`];
  },
  // ?? 'text': versions recorded before log_format existed.
  log_format: (c: CrewConfig) => [c.logFormat ?? 'text', c.logFormat ?? 'text'],
} as const;

function settingChanges(prev: CrewConfig, next: CrewConfig): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const key of ['budget', 'sample_interval', 'http', 'log_format'] as const) {
    const [from, fromExact] = settingText[key](prev);
    const [to, toExact] = settingText[key](next);
    if (from !== to) changes.push({ key, from: from!, to: to! });
    else if (key === 'http' && fromExact !== toExact)
      changes.push({ key, from: from!, to: `${to!} (a new token)` });
    else if (fromExact !== toExact) changes.push({ key, from: fromExact!, to: toExact! });
  }
  return changes;
}

// `cluster:` as people read it; ?? null: versions recorded before it existed (the defaults).
function clusterText(c: CrewConfig): string {
  const cluster =
    c.cluster === undefined ? { heartbeatMs: 2000, timeoutMs: 10_000, name: null } : c.cluster;
  if (cluster === null) return 'off';
  const name = cluster.name === null ? '' : `, name ${cluster.name}`;
  return `heartbeat ${formatDuration(cluster.heartbeatMs)}, timeout ${formatDuration(cluster.timeoutMs)}${name}`;
}

const DEFAULT_CLUSTER = 'heartbeat 2s, timeout 10s';

function clusterChange(prev: CrewConfig, next: CrewConfig): string | null {
  const [from, to] = [clusterText(prev), clusterText(next)];
  return from === to ? null : `${from} → ${to}`;
}

// Compares two configs pool by pool; with no previous config every pool is added.
export function diffConfigs(prev: CrewConfig | null, next: CrewConfig): ConfigDiff {
  const before = new Map((prev?.pools ?? []).map((pool) => [pool.name, pool] as const));
  const after = new Set(next.pools.map((pool) => pool.name));
  const pools: PoolDiff[] = next.pools.map((pool) => {
    const old = before.get(pool.name);
    return old ? diffPool(old, pool) : { kind: 'added', name: pool.name, next: pool };
  });
  for (const pool of prev?.pools ?? []) {
    if (!after.has(pool.name)) pools.push({ kind: 'removed', name: pool.name, prev: pool });
  }
  const controlChanged = prev !== null && prev.control.socket !== next.control.socket;
  const cluster = prev === null ? null : clusterChange(prev, next);
  return {
    pools,
    controlChanged,
    cluster,
    settings: prev === null ? [] : settingChanges(prev, next),
  };
}

// One human line per difference: `+ pool mailer`, `payments: processes 2→3`,
// `budget: 400 MiB → 350 MiB`; none if equal.
export function describeDiff(diff: ConfigDiff): string[] {
  const lines: string[] = [];
  for (const pool of diff.pools) {
    if (pool.kind === 'added') lines.push(`+ pool ${pool.name}`);
    else if (pool.kind === 'removed') lines.push(`- pool ${pool.name}`);
    else if (pool.kind === 'scaled') lines.push(`${pool.name}: processes ${pool.from}→${pool.to}`);
    else if (pool.kind === 'changed') {
      const keys = pool.keys.map((k) =>
        k === 'processes'
          ? `processes ${describeProcesses(pool.prev)}→${describeProcesses(pool.next)}`
          : k === 'fpm'
            ? `php-fpm (${fpmChanges(pool.prev, pool.next).join(', ')})`
            : k,
      );
      lines.push(`${pool.name}: changed ${keys.join(', ')}`);
    }
  }
  for (const { key, from, to } of diff.settings) lines.push(`${key}: ${from} → ${to}`);
  if (diff.controlChanged) lines.push('control socket moved (takes effect when crew restarts)');
  if (diff.cluster !== null)
    lines.push(`cluster: ${diff.cluster} (takes effect when crew restarts)`);
  return lines;
}

// A short fingerprint of what crew runs (pools, budget, sampling, control socket, http and a
// log_format other than text, pool order ignored).
export function hashConfig(config: CrewConfig): string {
  const pools = [...config.pools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { control, budget, sampleIntervalMs, http } = config;
  // Only when json: configs recorded before log_format existed keep their fingerprints.
  const logFormat = config.logFormat === 'json' ? { logFormat: 'json' } : {};
  // Likewise cluster: only when it is not the default.
  const cluster = clusterText(config) === DEFAULT_CLUSTER ? {} : { cluster: config.cluster };
  const text = canonicalJson({
    control,
    pools,
    budget,
    sampleIntervalMs,
    http,
    ...logFormat,
    ...cluster,
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
