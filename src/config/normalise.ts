// From the validated file to the CrewConfig everything else reads: camelCase, paths absolute,
// defaults applied, deeply frozen.
import { dirname, join, resolve } from 'node:path';
import { parseDatabaseUrl, resolveDatabaseUrl } from '../queue/store-url.js';
import { autoscaleFieldsOf } from './autoscale.js';
import type { FpmLinkRead } from './fpm-link.js';
import { deepFreeze } from './freeze.js';
import { DEFAULT_HTTP_LISTEN } from './listen-address.js';
import type { ParsedConfig, ParsedPool } from './schema.js';
import type {
  BacklogConfig,
  CrewConfig,
  HttpConfig,
  LogTarget,
  PoolConfig,
  WorkerConfig,
} from './types.js';
import { workerArgv } from './worker-command.js';

function logTargetOf(logs: ParsedPool['logs'], dir: string): LogTarget {
  if (logs === 'stdout') return { kind: 'stdout' };
  return {
    kind: 'file',
    stdout: resolve(dir, logs.file),
    stderr: logs.stderr === null ? null : resolve(dir, logs.stderr),
    maxBytes: logs.max_bytes,
    backups: logs.backups,
  };
}

function httpOf(http: ParsedConfig['http']): HttpConfig | null {
  if (http === false) return null;
  const { host, port } = http === true ? DEFAULT_HTTP_LISTEN : http.listen;
  if (http === true) return { host, port, token: null };
  // Only when written, so configs that do not set it compare equal to those from before it.
  const streams = http.event_streams === undefined ? {} : { eventStreams: http.event_streams };
  return { host, port, token: http.token, ...streams };
}

function workerOf(pool: ParsedPool, dir: string, store: string): WorkerConfig | null {
  if (pool.handlers === undefined) return null;
  const { concurrency } = pool;
  const map = typeof concurrency === 'object' ? concurrency : null;
  const queues = pool.queues ?? (map ? Object.keys(map) : ['default']);
  return {
    store,
    handlers: resolve(dir, pool.handlers),
    queues: [...queues],
    concurrency: map
      ? queues.reduce((sum, queue) => sum + (map[queue] ?? 0), 0)
      : typeof concurrency === 'number'
        ? concurrency
        : 1,
    perQueue: map ? { ...map } : null,
    tries: pool.tries,
    backoffSec: pool.retry_backoff.map((ms) => ms / 1000),
    timeoutMs: pool.timeout,
    timeoutGraceMs: pool.timeout_grace,
    leaseMs: pool.lease,
    maxStalls: pool.max_stalls,
    pollMs: pool.poll,
    prefetch: pool.prefetch,
    maxJobs: pool.recycle.max_jobs,
  };
}

function backlogOf(pool: ParsedPool, dir: string): BacklogConfig | null {
  const b = pool.backlog;
  if (b === undefined) return null;
  const parsed = parseDatabaseUrl(b.source, 'backlog', dir);
  // The schema let only usable URLs through.
  const redis = parsed.ok && parsed.target.engine === 'redis';
  return {
    kind: redis ? 'laravel-redis' : 'laravel-database',
    url: resolveDatabaseUrl(b.source, 'backlog', dir),
    queues: [...b.queues],
    table: b.table,
    failedTable: b.failed_table,
    retryAfterSec: b.retry_after / 1000,
    prefix: b.prefix,
  };
}

function argvOf(pool: ParsedPool, dir: string, fpm: FpmLinkRead | undefined): string[] {
  if (pool.handlers !== undefined) return workerArgv(resolve(dir, pool.handlers));
  if (pool.command === undefined && fpm) return [...fpm.argv];
  // rules.ts requires one of command and handlers.
  const command = pool.command ?? { text: null, argv: [] };
  return pool.shell ? ['/bin/sh', '-c', command.text ?? command.argv.join(' ')] : [...command.argv];
}

function poolOf(
  name: string,
  pool: ParsedPool,
  dir: string,
  store: string,
  fpm: FpmLinkRead | undefined,
): PoolConfig {
  return {
    name,
    argv: argvOf(pool, dir, fpm),
    shell: pool.shell,
    ...autoscaleFieldsOf(pool),
    processName: pool.process_name,
    env: { ...pool.env },
    cwd: resolve(dir, pool.cwd ?? '.'),
    autostart: pool.autostart,
    autorestart: pool.autorestart,
    exitcodes: [...pool.exitcodes],
    startsecsMs: pool.startsecs,
    startretries: pool.startretries,
    backoffMs: pool.backoff,
    stopsignal: pool.stopsignal ?? (pool.fpm ? 'SIGQUIT' : 'SIGTERM'),
    stopTimeoutMs: pool.stop_timeout,
    killTree: pool.kill_tree,
    priority: pool.priority,
    critical: pool.critical,
    group: pool.group,
    logs: logTargetOf(pool.logs, dir),
    recycle: {
      maxMemoryBytes: pool.recycle.max_memory,
      maxUptimeMs: pool.recycle.max_uptime,
      exitCodes: [...pool.recycle.exit_codes],
    },
    expectMemoryBytes: pool.expect_memory,
    worker: workerOf(pool, dir, store),
    backlog: backlogOf(pool, dir),
    fpm: fpm?.link ?? null,
  };
}

// Builds the frozen CrewConfig; `file` is absolute, CREW_SOCKET in `env` moves the socket,
// `poolOrder` lists the pool names as the file does, `fpm` the FPM configs read for fpm: pools.
export function normaliseConfig(
  parsed: ParsedConfig,
  file: string,
  env: NodeJS.ProcessEnv,
  poolOrder: readonly string[] = Object.keys(parsed.pools),
  fpm: ReadonlyMap<string, FpmLinkRead> = new Map(),
): CrewConfig {
  const dir = dirname(file);
  const runDir = resolve(dir, parsed.run_dir ?? '.crew');
  const socket = env.CREW_SOCKET
    ? resolve(env.CREW_SOCKET)
    : parsed.control
      ? resolve(dir, parsed.control.socket)
      : join(runDir, 'crew.sock');
  // `sqlite:PATH` with PATH made absolute against the config's directory; URLs as written.
  const store = resolveDatabaseUrl(parsed.store, 'store', dir);
  return deepFreeze({
    file,
    store,
    runDir,
    control: { socket },
    pools: [...new Set([...poolOrder, ...Object.keys(parsed.pools)])]
      .filter((name) => Object.hasOwn(parsed.pools, name))
      .map((name) => poolOf(name, parsed.pools[name]!, dir, store, fpm.get(name))),
    budget: parsed.budget === null ? null : { ...parsed.budget },
    sampleIntervalMs: parsed.sample_interval,
    http: httpOf(parsed.http),
    logFormat: parsed.log_format,
    cluster:
      parsed.cluster === false
        ? null
        : {
            heartbeatMs: parsed.cluster.heartbeat,
            timeoutMs: parsed.cluster.timeout,
            name: parsed.cluster.name ?? null,
          },
  });
}
