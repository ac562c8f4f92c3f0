// Loading autoscaled pools (ranges, target_wait, scale:) and the backlogs their scaling reads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';

const { dir, write } = configDir('crew-load-autoscale-');

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
