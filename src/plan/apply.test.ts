import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolConfig } from '../config/test-support/pool-config.js';
import { applyToYaml, withRanges } from './apply.js';

test('plan: crew.yaml keeps its comments, anchors and other settings', () => {
  const yaml = [
    '# the reference backend',
    'budget: 400MiB',
    'x-php: &php { expect_memory: 45MiB }',
    'pools:',
    '  payments:',
    '    <<: *php',
    '    command: php artisan queue:work --queue=payments',
    '    processes: 4 # before the cut',
    '  dashboard:',
    '    <<: *php',
    '    command: php artisan queue:work --queue=dashboard',
    '    processes: { min: 1, max: 2 }',
    '  cron: { command: x }',
    '',
  ].join('\n');
  const plan = [
    { pool: 'payments', min: 2, max: 5 },
    { pool: 'dashboard', min: 1, max: 1 },
    { pool: 'cron', min: 0, max: 1 },
    { pool: 'gone', min: 1, max: 1 },
  ];
  assert.equal(
    applyToYaml(yaml, plan),
    [
      '# the reference backend',
      'budget: 400MiB',
      'x-php: &php { expect_memory: 45MiB }',
      'pools:',
      '  payments:',
      '    <<: *php',
      '    command: php artisan queue:work --queue=payments',
      '    processes: 2..5 # before the cut',
      '  dashboard:',
      '    <<: *php',
      '    command: php artisan queue:work --queue=dashboard',
      '    processes: 1',
      '  cron: { command: x, processes: 0..1 }',
      '',
    ].join('\n'),
  );
});

test('plan: pools get the ranges, keeping their timings and target', () => {
  const pools = withRanges(
    [poolConfig('a', { targetWaitMs: 5_000 }), poolConfig('b', { processes: 3 })],
    [
      { pool: 'a', min: 1, max: 3 },
      { pool: 'b', min: 2, max: 2 },
    ],
  );
  assert.deepEqual(
    pools.map((p) => [p.processes, p.autoscale?.max ?? null, p.targetWaitMs]),
    [
      [1, 3, 5_000],
      [2, null, null],
    ],
  );
});
