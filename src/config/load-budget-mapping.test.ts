// The budget's mapping form: `budget: { limit, other, scope }`, and its mistakes at file:line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetShare } from './budget.js';
import { loadConfig, loadConfigOrThrow } from './load.js';
import { configDir } from './test-support/config-dir.js';

const { write } = configDir('crew-load-budget-mapping-');

const MiB = 1024 ** 2;
const load = (budget: string) =>
  loadConfig(write('budget.yaml', `pools:\n  a: { command: x }\nbudget: ${budget}\n`), {});

describe('the budget as a mapping', () => {
  it('reads a limit, the other allowance and the scope', () => {
    const cases: [string, unknown][] = [
      [
        '{ limit: 400MiB, other: 60MiB }',
        { kind: 'bytes', bytes: 400 * MiB, otherBytes: 60 * MiB, scope: 'auto' },
      ],
      [
        '{ limit: 400MiB, scope: container }',
        { kind: 'bytes', bytes: 400 * MiB, otherBytes: 0, scope: 'container' },
      ],
      [
        '{ limit: "90%", other: 0, scope: crew }',
        { kind: 'percent', percent: 90, otherBytes: 0, scope: 'crew' },
      ],
      ['{ limit: auto }', { kind: 'auto', otherBytes: 0, scope: 'auto' }],
    ];
    for (const [value, budget] of cases) {
      const file = write('budget.yaml', `budget: ${value}\npools:\n  a: { command: x }\n`);
      assert.deepEqual(loadConfigOrThrow(file, {}).config.budget, budget, value);
    }
  });

  it('leaves the scalar form as it was: scope auto, no other allowance', () => {
    const { config } = load('400MiB');
    assert.deepEqual(config?.budget, { kind: 'bytes', bytes: 400 * MiB });
    assert.deepEqual(budgetShare(config!.budget), { scope: 'auto', otherBytes: 0 });
  });

  it('names the field and its line for each mistake', () => {
    const cases: [string, string][] = [
      [
        '{ limit: 400MiB, other: 500MiB }',
        '3:33 budget.other must be less than the limit of 400 MiB, got 500 MiB',
      ],
      [
        '{ limit: 400MiB, other: 12 }',
        '3:33 budget.other must be at least 1MiB, got 12; a bare number is bytes, did you mean 12MiB?',
      ],
      [
        '{ limit: 400MiB, scope: pod }',
        '3:33 budget.scope expected "auto" or "crew" or "container", got "pod"',
      ],
      [
        '{ limit: 400MiB, others: 1 }',
        '3:26 budget.others unknown key "others" (did you mean "other"?); allowed: limit, other, scope',
      ],
      ['{ other: 60MiB }', '3:1 budget.limit is required'],
      ['{ limit: 120% }', '3:18 budget.limit must be between 1% and 100%, got "120%"'],
      [
        '[400MiB]',
        '3:9 budget expected a size like 400MiB, a percentage like "90%", or auto, or a mapping with limit:, got a list',
      ],
    ];
    for (const [value, error] of cases) {
      const { config, errors } = load(value);
      assert.equal(config, null, value);
      assert.deepEqual(
        errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.message}`),
        [error],
        value,
      );
    }
  });
});
