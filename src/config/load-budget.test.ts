// The memory budget of crew.yaml: its forms, and the warnings when the pools or the container
// do not fit it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, loadConfigOrThrow } from './load.js';
import { configDir } from './test-support/config-dir.js';
import type { CrewConfig } from './types.js';

const { write } = configDir('crew-load-budget-');

const MiB = 1024 ** 2;

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
