import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasNumPlaceholder,
  type Placeholder,
  processNameFor,
  processNamesOf,
  renderTemplate,
  templateProblem,
} from './process-names.js';
import type { PoolConfig } from './types.js';

function pool(processName: string, processes = 1): PoolConfig {
  return { name: 'payments', processName, processes } as PoolConfig;
}

describe('processNameFor', () => {
  const cases: [string, number, string][] = [
    ['{pool}_{num:02}', 0, 'payments_00'],
    ['{pool}_{num:02}', 7, 'payments_07'],
    ['{pool}_{num:02}', 123, 'payments_123'],
    ['{pool}-{num}', 3, 'payments-3'],
    ['{pool}', 0, 'payments'],
    ['worker{num:03}', 5, 'worker005'],
  ];
  for (const [template, num, name] of cases) {
    it(`renders ${template} for process ${num} as ${name}`, () => {
      assert.equal(processNameFor(pool(template), num), name);
    });
  }

  it('lists the names of every process, counting from 0', () => {
    assert.deepEqual(processNamesOf(pool('{pool}_{num:02}', 3)), [
      'payments_00',
      'payments_01',
      'payments_02',
    ]);
  });
});

describe('templates', () => {
  it('renders {name} in log paths', () => {
    assert.equal(
      renderTemplate('/var/log/{name}.log', { pool: 'p', num: 1, name: 'p_01' }),
      '/var/log/p_01.log',
    );
  });

  const problems: [string, Placeholder[], RegExp | null][] = [
    ['{pool}_{num:02}', ['pool', 'num'], null],
    [
      '{pool}_{nm}',
      ['pool', 'num'],
      /unknown placeholder \{nm\}; use \{pool\}, \{num\}, \{num:02\}/,
    ],
    ['{name}', ['pool', 'num'], /unknown placeholder \{name\}/],
    ['{num:2}', ['pool', 'num'], /unknown placeholder \{num:2\}/],
    ['{pool', ['pool', 'num'], /unmatched \{ or \}/],
    ['logs/{name}.log', ['name', 'pool', 'num'], null],
  ];
  for (const [template, allowed, problem] of problems) {
    it(`${problem ? 'rejects' : 'accepts'} ${template}`, () => {
      const found = templateProblem(template, allowed);
      if (problem === null) assert.equal(found, null);
      else assert.match(found ?? '', problem);
    });
  }

  it('knows whether a template numbers its processes', () => {
    assert.equal(hasNumPlaceholder('{pool}_{num:02}'), true);
    assert.equal(hasNumPlaceholder('{pool}-{num}'), true);
    assert.equal(hasNumPlaceholder('{pool}'), false);
  });
});
