// A PoolConfig or CrewConfig with the documented defaults (docs/config.md), for tests that need
// one whole.
import { deepFreeze } from '../freeze.js';
import type { CrewConfig, PoolConfig } from '../types.js';

// Builds a pool with crew's defaults; overrides win.
export function poolConfig(name: string, overrides: Partial<PoolConfig> = {}): PoolConfig {
  return {
    name,
    argv: ['php', 'artisan', 'queue:work', `--queue=${name}`],
    shell: false,
    processes: 1,
    processName: '{pool}_{num:02}',
    env: {},
    cwd: '/app',
    autostart: true,
    autorestart: 'unexpected',
    exitcodes: [0],
    startsecsMs: 1000,
    startretries: 3,
    backoffMs: 1000,
    stopsignal: 'SIGTERM',
    stopTimeoutMs: 10_000,
    killTree: true,
    priority: 999,
    critical: false,
    group: null,
    logs: { kind: 'stdout' },
    recycle: { maxMemoryBytes: null, maxUptimeMs: null, exitCodes: [12] },
    expectMemoryBytes: null,
    worker: null,
    backlog: null,
    fpm: null,
    autoscale: null,
    targetWaitMs: null,
    ...overrides,
  };
}

// Builds a frozen config of /app/crew.yaml holding `pools`, with crew's defaults; overrides win.
export function crewConfig(
  pools: readonly PoolConfig[],
  overrides: Partial<Omit<CrewConfig, 'pools'>> = {},
): CrewConfig {
  return deepFreeze({
    file: '/app/crew.yaml',
    runDir: '/app/.crew',
    control: { socket: '/app/.crew/crew.sock' },
    pools,
    budget: null,
    sampleIntervalMs: 1000,
    store: 'sqlite:/app/var/crew.db',
    http: null,
    ...overrides,
  });
}
