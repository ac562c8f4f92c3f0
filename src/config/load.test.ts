// Loading a good crew.yaml: defaults, paths, units, file order, frozen; anchors and warnings.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, loadConfigOrThrow } from './load.js';
import { configDir } from './test-support/config-dir.js';
import { poolConfig } from './test-support/pool-config.js';
import type { CrewConfig } from './types.js';

const { dir, write } = configDir('crew-load-');
mkdirSync(join(dir, 'app'));

function assertDeeplyFrozen(value: unknown, path = 'config'): void {
  if (typeof value !== 'object' || value === null) return;
  assert.ok(Object.isFrozen(value), `${path} is not frozen`);
  for (const [key, child] of Object.entries(value)) assertDeeplyFrozen(child, `${path}.${key}`);
}

const MiB = 1024 ** 2;

const full = `
run_dir: var/run
control: { socket: var/run/control.sock }
budget: 90%
sample_interval: 500ms
pools:
  payments:
    command: php artisan queue:work --queue=payments --tries=3
    processes: 2
    env: { APP_ENV: production, PHP_VERSION: 8.10, DEBUG: false }
    cwd: app
    autorestart: true
    exitcodes: 0
    startsecs: 500ms
    startretries: 5
    backoff: 2s
    stopsignal: quit
    stop_timeout: 1m
    kill_tree: false
    priority: 100
    critical: true
    group: php
    logs: { file: "var/log/{name}.log", stderr: "var/log/{name}.err", max_bytes: 10MB, backups: 3 }
    expect_memory: 45MiB
    recycle:
      max_memory: 128MiB
      max_uptime: 1h
      exit_codes: [12, 13]
  scheduler:
    recycle: { max_uptime: 30m }
    command: [php, artisan, schedule:work]
  cron:
    command: 'while sleep 60; do php artisan schedule:run; done'
    shell: true
    process_name: "{pool}"
    autostart: false
    autorestart: false
    startsecs: 0
    stopsignal: SIGINT
    logs:
      file: /var/log/cron.log
`;

describe('loadConfig on a good file', () => {
  it('applies defaults, resolves paths, converts units and keeps file order', () => {
    const file = write('crew.yaml', full);
    const { config, errors, warnings } = loadConfig(file, {});
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    // The defaults docs/config.md documents, kept in one place for every test.
    const { name: _name, argv: _argv, ...defaults } = poolConfig('any', { cwd: dir });
    const expected: CrewConfig = {
      file,
      runDir: join(dir, 'var/run'),
      control: { socket: join(dir, 'var/run/control.sock') },
      budget: { kind: 'percent', percent: 90 },
      sampleIntervalMs: 500,
      store: `sqlite:${join(dir, 'var/crew.db')}`,
      http: { host: '127.0.0.1', port: 9099, token: null },
      cluster: { heartbeatMs: 2000, timeoutMs: 10_000, name: null },
      logFormat: 'text',
      pools: [
        {
          ...defaults,
          name: 'payments',
          argv: ['php', 'artisan', 'queue:work', '--queue=payments', '--tries=3'],
          processes: 2,
          env: { APP_ENV: 'production', PHP_VERSION: '8.10', DEBUG: 'false' },
          cwd: join(dir, 'app'),
          autorestart: true,
          startsecsMs: 500,
          startretries: 5,
          backoffMs: 2000,
          stopsignal: 'SIGQUIT',
          stopTimeoutMs: 60_000,
          killTree: false,
          priority: 100,
          critical: true,
          group: 'php',
          logs: {
            kind: 'file',
            stdout: join(dir, 'var/log/{name}.log'),
            stderr: join(dir, 'var/log/{name}.err'),
            maxBytes: 10_000_000,
            backups: 3,
          },
          recycle: { maxMemoryBytes: 128 * MiB, maxUptimeMs: 3_600_000, exitCodes: [12, 13] },
          expectMemoryBytes: 45 * MiB,
        },
        {
          ...defaults,
          name: 'scheduler',
          argv: ['php', 'artisan', 'schedule:work'],
          recycle: { maxMemoryBytes: null, maxUptimeMs: 1_800_000, exitCodes: [12] },
        },
        {
          ...defaults,
          name: 'cron',
          argv: ['/bin/sh', '-c', 'while sleep 60; do php artisan schedule:run; done'],
          shell: true,
          processName: '{pool}',
          autostart: false,
          autorestart: false,
          startsecsMs: 0,
          stopsignal: 'SIGINT',
          logs: {
            kind: 'file',
            stdout: '/var/log/cron.log',
            stderr: null,
            maxBytes: 50 * 1024 ** 2,
            backups: 10,
          },
        },
      ],
    };
    assert.deepEqual(config, expected);
    assertDeeplyFrozen(config);
  });

  it('puts the socket in the run directory by default and lets CREW_SOCKET move it', () => {
    const file = write('minimal.yaml', 'pools:\n  "1":\n    command: x\n  a:\n    command: y\n');
    const plain = loadConfigOrThrow(file, {}).config;
    assert.equal(plain.budget, null);
    assert.equal(plain.sampleIntervalMs, 1000);
    assert.equal(plain.runDir, join(dir, '.crew'));
    assert.equal(plain.control.socket, join(dir, '.crew', 'crew.sock'));
    assert.deepEqual(
      plain.pools.map((p) => p.name),
      ['1', 'a'],
    );
    const moved = loadConfigOrThrow(file, { CREW_SOCKET: '/run/crew/other.sock' }).config;
    assert.equal(moved.control.socket, '/run/crew/other.sock');
  });

  it('lets x- keys hold anchors that pools merge in', () => {
    const yaml = [
      'x-worker: &worker',
      '  command: php artisan queue:work',
      '  stop_timeout: 30s',
      'pools:',
      '  a: { <<: *worker, processes: 2 }',
      '  b: { <<: *worker, stop_timeout: 5s }',
      '',
    ].join('\n');
    const { config } = loadConfigOrThrow(write('anchors.yaml', yaml), {});
    assert.deepEqual(
      config.pools.map((p) => [p.name, p.processes, p.stopTimeoutMs, p.argv.length]),
      [
        ['a', 2, 30_000, 3],
        ['b', 1, 5_000, 3],
      ],
    );
  });

  it('warns, without failing, about shared log files, a missing cwd and an empty pool list', () => {
    const yaml =
      'pools:\n  a:\n    command: x\n    processes: 2\n    cwd: nowhere\n    logs:\n      file: a.log\n';
    const { config, warnings } = loadConfig(write('warn.yaml', yaml), {});
    assert.ok(config);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.column, w.path]),
      [
        [5, 10, 'pools.a.cwd'],
        [7, 13, 'pools.a.logs.file'],
      ],
    );
    assert.match(warnings[0]!.message, /nowhere is not a directory here/);
    assert.match(warnings[1]!.message, /all 2 processes write to this one file; add \{name\}/);
    const empty = loadConfig(write('empty.yaml', 'pools: {}\n'), {});
    assert.deepEqual(empty.config?.pools, []);
    assert.match(empty.warnings[0]!.message, /no pools are defined/);
  });

  it('warns that cluster settings do nothing beside a SQLite store', () => {
    const yaml = 'cluster:\n  heartbeat: 1s\npools:\n  a: { command: x }\n';
    const local = loadConfig(write('cluster.yaml', yaml), {});
    assert.deepEqual(
      local.warnings.map((w) => [w.line, w.column, w.path]),
      [[1, 1, 'cluster']],
    );
    assert.match(local.warnings[0]!.message, /no effect with a SQLite store/);
    const shared = loadConfig(write('shared.yaml', `store: postgres://crew@db/app\n${yaml}`), {});
    assert.deepEqual(shared.warnings, []);
    assert.equal(shared.config?.cluster?.heartbeatMs, 1000);
  });
});
