// From the validated file to the CrewConfig everything else reads: camelCase, paths absolute,
// defaults applied, deeply frozen.
import { dirname, join, resolve } from 'node:path';
import type { ParsedConfig, ParsedPool } from './schema.js';
import type { CrewConfig, LogTarget, PoolConfig } from './types.js';

// Freezes a value and everything reachable from it.
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

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

function poolOf(name: string, pool: ParsedPool, dir: string): PoolConfig {
  const { command } = pool;
  return {
    name,
    argv: pool.shell
      ? ['/bin/sh', '-c', command.text ?? command.argv.join(' ')]
      : [...command.argv],
    shell: pool.shell,
    processes: pool.processes,
    processName: pool.process_name,
    env: { ...pool.env },
    cwd: resolve(dir, pool.cwd ?? '.'),
    autostart: pool.autostart,
    autorestart: pool.autorestart,
    exitcodes: [...pool.exitcodes],
    startsecsMs: pool.startsecs,
    startretries: pool.startretries,
    backoffMs: pool.backoff,
    stopsignal: pool.stopsignal,
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
  };
}

// Builds the frozen CrewConfig; `file` is absolute, CREW_SOCKET in `env` moves the socket,
// `poolOrder` lists the pool names as the file does.
export function normaliseConfig(
  parsed: ParsedConfig,
  file: string,
  env: NodeJS.ProcessEnv,
  poolOrder: readonly string[] = Object.keys(parsed.pools),
): CrewConfig {
  const dir = dirname(file);
  const runDir = resolve(dir, parsed.run_dir ?? '.crew');
  const socket = env.CREW_SOCKET
    ? resolve(env.CREW_SOCKET)
    : parsed.control
      ? resolve(dir, parsed.control.socket)
      : join(runDir, 'crew.sock');
  return deepFreeze({
    file,
    runDir,
    control: { socket },
    pools: [...new Set([...poolOrder, ...Object.keys(parsed.pools)])]
      .filter((name) => Object.hasOwn(parsed.pools, name))
      .map((name) => poolOf(name, parsed.pools[name]!, dir)),
    budget: parsed.budget === null ? null : { ...parsed.budget },
    sampleIntervalMs: parsed.sample_interval,
  });
}
