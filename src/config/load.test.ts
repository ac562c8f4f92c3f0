import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig, loadConfigOrThrow } from './load.js';
import { poolConfig } from './test-support/pool-config.js';
import type { CrewConfig } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'app'));

function write(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

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
});

describe('the memory budget', () => {
  it('reads a size, a percentage or auto', () => {
    const cases: [string, CrewConfig['budget']][] = [
      ['400MiB', { kind: 'bytes', bytes: 400 * MiB }],
      ['1G', { kind: 'bytes', bytes: 1024 * MiB }],
      ['1073741824', { kind: 'bytes', bytes: 1024 * MiB }],
      ['"90%"', { kind: 'percent', percent: 90 }],
      ['100%', { kind: 'percent', percent: 100 }],
      ['12.5 %', { kind: 'percent', percent: 12.5 }],
      ['auto', { kind: 'auto' }],
      ['null', null],
    ];
    for (const [value, budget] of cases) {
      const file = write('budget.yaml', `budget: ${value}\npools:\n  a: { command: x }\n`);
      assert.deepEqual(loadConfigOrThrow(file, {}).config.budget, budget, value);
    }
  });

  it('warns at the budget key when processes × expect_memory exceed it', () => {
    const yaml = [
      'budget: 80%',
      'pools:',
      '  payments: { command: x, processes: 3, expect_memory: 100MiB }',
      '  mailer: { command: y, processes: 2 }',
      '  idle: { command: z, processes: 0 }',
      '',
    ].join('\n');
    const file = write('over-budget.yaml', yaml);
    assert.deepEqual(loadConfig(file, {}).warnings, [], 'a percentage needs the limit');
    const roomy = loadConfig(file, {}, { containerLimitBytes: 1024 * MiB });
    assert.deepEqual(roomy.warnings, []);
    const { config, warnings } = loadConfig(file, {}, { containerLimitBytes: 256 * MiB });
    assert.ok(config);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.column, w.path, w.message]),
      [
        [
          1,
          1,
          'budget',
          'processes × expect_memory adds up to 300 MiB, more than the budget of 80% of the container limit = 204.8 MiB (not counting 1 pool without expect_memory: mailer); lower processes or raise the budget',
        ],
      ],
    );
  });

  it('warns about a budget above the container limit, and expect_memory at recycle.max_memory', () => {
    const yaml = [
      'budget: 2GiB',
      'pools:',
      '  a:',
      '    command: x',
      '    expect_memory: 128MiB',
      '    recycle: { max_memory: 128MiB }',
      '',
    ].join('\n');
    const file = write('recycle-warn.yaml', yaml);
    const { config, warnings } = loadConfig(file, {}, { containerLimitBytes: 1024 * MiB });
    assert.ok(config);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.column, w.path]),
      [
        [1, 9, 'budget'],
        [5, 20, 'pools.a.expect_memory'],
      ],
    );
    assert.match(warnings[0]!.message, /^2 GiB is more than the container's memory limit of 1 GiB/);
    assert.match(
      warnings[1]!.message,
      /^128 MiB is not below recycle\.max_memory \(128 MiB\), so every process would be recycled/,
    );
  });
});

describe('autoscaled pools', () => {
  it('reads a range or {min, max}, starts at min and defaults target_wait and scale', () => {
    const yaml = [
      'pools:',
      '  payments:',
      '    command: x',
      '    processes: 2..4',
      '    target_wait: 5s',
      '    scale: { down_window: 2m }',
      '  dashboard: { command: x, processes: { min: 0, max: 2 } }',
      '  cron: { command: x, processes: 1, target_wait: 1m }',
      '',
    ].join('\n');
    const { config, errors } = loadConfig(write('autoscale.yaml', yaml), {});
    assert.deepEqual(errors, []);
    assert.deepEqual(
      config!.pools.map((p) => [p.name, p.processes, p.autoscale, p.targetWaitMs]),
      [
        [
          'payments',
          2,
          { min: 2, max: 4, upCooldownMs: 5_000, downWindowMs: 120_000, downCooldownMs: 15_000 },
          5_000,
        ],
        [
          'dashboard',
          0,
          { min: 0, max: 2, upCooldownMs: 5_000, downWindowMs: 60_000, downCooldownMs: 15_000 },
          10_000,
        ],
        ['cron', 1, null, 60_000],
      ],
    );
  });

  it('warns that scale: does nothing for a fixed count', () => {
    const yaml = 'pools:\n  a:\n    command: x\n    processes: 3\n    scale: { up_cooldown: 1s }\n';
    const { config, warnings } = loadConfig(write('scale-fixed.yaml', yaml), {});
    assert.ok(config);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.column, w.path, w.message]),
      [
        [
          5,
          5,
          'pools.a.scale',
          'has no effect: processes is a fixed 3; write a range such as 1..3 to autoscale',
        ],
      ],
    );
  });

  it('reads backlog sources of every kind, schema-qualified tables and relative sqlite paths', () => {
    const yaml = [
      'pools:',
      '  pg: { command: w, backlog: { source: "postgresql://app@db/app", queues: [a], table: app.jobs, failed_table: app.failed_jobs } }',
      '  maria: { command: w, backlog: { source: "mariadb://root@db/app", queues: [b] } }',
      '  lite: { command: w, backlog: { source: "sqlite:database/app.sqlite", queues: [c] } }',
      '  redis: { command: w, backlog: { source: "rediss://cache:6380/0", queues: [d], prefix: x_ } }',
      '',
    ].join('\n');
    const { config, errors } = loadConfig(write('backlogs.yaml', yaml), {});
    assert.deepEqual(errors, []);
    assert.deepEqual(
      config!.pools.map((p) => [p.backlog!.kind, p.backlog!.url, p.backlog!.table]),
      [
        ['laravel-database', 'postgresql://app@db/app', 'app.jobs'],
        ['laravel-database', 'mariadb://root@db/app', 'jobs'],
        ['laravel-database', `sqlite:${join(dir, 'database/app.sqlite')}`, 'jobs'],
        ['laravel-redis', 'rediss://cache:6380/0', 'jobs'],
      ],
    );
    assert.equal(config!.pools[0]!.backlog!.failedTable, 'app.failed_jobs');
  });
});
