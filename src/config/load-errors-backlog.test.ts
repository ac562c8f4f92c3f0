// Backlog fields that only one kind of source reads are mistakes on the other kind: a Redis
// queue has no tables (nor retry_after), a database queue has no key prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const pool = (source: string, fields: string[]) =>
  [
    'pools:',
    '  php:',
    '    command: php artisan queue:work',
    '    backlog:',
    `      source: ${source}`,
    '      queues: [default]',
    ...fields.map((field) => `      ${field}`),
    '',
  ].join('\n');

const cases: ErrorCase[] = [
  {
    name: 'a key prefix on a database source',
    yaml: pool('postgres://app@db/app', ['prefix: laravel_database_']),
    errors: [
      [
        7,
        7,
        'pools.php.backlog.prefix',
        "applies only to a redis:// source (Laravel's Redis key prefix); this postgres source reads the table named by table:",
      ],
    ],
  },
  {
    name: 'a key prefix on a SQLite source',
    yaml: pool('sqlite:var/app.db', ['prefix: x_']),
    errors: [[7, 7, 'pools.php.backlog.prefix', 'this sqlite source reads the table']],
  },
  {
    name: 'tables and retry_after on a Redis source',
    yaml: pool('redis://cache:6379/0', [
      'table: jobs',
      'failed_table: failed_jobs',
      'retry_after: 90',
      'prefix: laravel_database_',
    ]),
    errors: [
      [7, 7, 'pools.php.backlog.table', 'applies only to a database source'],
      [8, 7, 'pools.php.backlog.failed_table', 'a redis:// source does not read it'],
      [9, 7, 'pools.php.backlog.retry_after', 'a redis:// source does not read it'],
    ],
  },
];

describeLoadErrors(cases);

describe('backlog fields that fit their source', () => {
  it('loads a prefix on Redis and tables and retry_after on a database', () => {
    const { write } = configDir('crew-load-backlog-');
    const yaml = [
      'pools:',
      '  a: { command: w, backlog: { source: "rediss://cache:6380/0", queues: [d], prefix: x_ } }',
      '  b:',
      '    command: w',
      '    backlog:',
      '      source: mysql://app@db/app',
      '      queues: [d]',
      '      table: app.jobs',
      '      failed_table: app.failed',
      '      retry_after: 120',
      '',
    ].join('\n');
    const { config, errors } = loadConfig(write('fits.yaml', yaml), {});
    assert.deepEqual(errors, []);
    assert.deepEqual(
      config!.pools.map((p) => [p.backlog?.kind, p.backlog?.prefix, p.backlog?.table]),
      [
        ['laravel-redis', 'x_', 'jobs'],
        ['laravel-database', '', 'app.jobs'],
      ],
    );
  });
});
