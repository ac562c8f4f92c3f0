import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BudgetSettings } from './budget.js';
import { checkBudgetFit, describeBudget, resolveBudgetBytes } from './budget.js';
import { crewConfig, poolConfig } from './test-support/pool-config.js';
import type { BudgetSpec } from './types.js';

const MiB = 1024 ** 2;
const GiB = 1024 * MiB;

describe('resolveBudgetBytes', () => {
  const cases: [BudgetSpec | null, number | null, number | null][] = [
    [null, GiB, null],
    [null, null, null],
    [{ kind: 'bytes', bytes: 400 * MiB }, null, 400 * MiB],
    [{ kind: 'bytes', bytes: 400 * MiB }, 256 * MiB, 400 * MiB],
    [{ kind: 'percent', percent: 50 }, GiB, 512 * MiB],
    [{ kind: 'percent', percent: 100 }, GiB, GiB],
    [{ kind: 'percent', percent: 33 }, 1000, 330],
    [{ kind: 'percent', percent: 33.3 }, 1001, 333],
    [{ kind: 'percent', percent: 90 }, null, null],
    [{ kind: 'auto' }, 1000 * MiB, 900 * MiB],
    [{ kind: 'auto' }, null, null],
  ];
  for (const [spec, limit, bytes] of cases) {
    it(`${JSON.stringify(spec)} with a limit of ${limit} is ${bytes}`, () => {
      assert.equal(resolveBudgetBytes(spec, limit), bytes);
    });
  }
});

describe('describeBudget', () => {
  const cases: [BudgetSettings, string][] = [
    [{ kind: 'bytes', bytes: 400 * MiB }, '400 MiB'],
    [{ kind: 'bytes', bytes: 1.5 * GiB }, '1.5 GiB'],
    [{ kind: 'percent', percent: 90 }, '90% of the container limit'],
    [{ kind: 'percent', percent: 12.5 }, '12.5% of the container limit'],
    [{ kind: 'auto' }, 'auto (90% of the cgroup limit)'],
    [
      { kind: 'bytes', bytes: 400 * MiB, otherBytes: 60 * MiB, scope: 'auto' },
      '400 MiB, other 60 MiB',
    ],
    [
      { kind: 'percent', percent: 90, otherBytes: 0, scope: 'container' },
      '90% of the container limit, scope container',
    ],
  ];
  for (const [spec, text] of cases) {
    it(`reads ${JSON.stringify(spec)} as "${text}"`, () =>
      assert.equal(describeBudget(spec), text));
  }
});

describe('checkBudgetFit', () => {
  const pools = [
    poolConfig('payments', { processes: 3, expectMemoryBytes: 45 * MiB }),
    poolConfig('mailer', { processes: 2 }),
    poolConfig('reports', { processes: 1, expectMemoryBytes: 200 * MiB }),
    poolConfig('idle', { processes: 0 }),
    poolConfig('cron', { processes: 1 }),
  ];
  const cases: {
    name: string;
    budget: BudgetSettings | null;
    limit: number | null;
    budgetBytes: number | null;
    fits: boolean | null;
    otherBytes?: number;
  }[] = [
    { name: 'no budget', budget: null, limit: GiB, budgetBytes: null, fits: null },
    {
      name: 'a budget in bytes, no limit needed',
      budget: { kind: 'bytes', bytes: 400 * MiB },
      limit: null,
      budgetBytes: 400 * MiB,
      fits: true,
    },
    {
      name: 'exactly the expected memory',
      budget: { kind: 'bytes', bytes: 335 * MiB },
      limit: null,
      budgetBytes: 335 * MiB,
      fits: true,
    },
    {
      name: 'one byte short',
      budget: { kind: 'bytes', bytes: 335 * MiB - 1 },
      limit: null,
      budgetBytes: 335 * MiB - 1,
      fits: false,
    },
    {
      name: 'a percentage of a small limit',
      budget: { kind: 'percent', percent: 50 },
      limit: 512 * MiB,
      budgetBytes: 256 * MiB,
      fits: false,
    },
    {
      name: 'the other allowance shares the budget with the pools',
      budget: { kind: 'bytes', bytes: 400 * MiB, otherBytes: 70 * MiB, scope: 'auto' },
      limit: null,
      budgetBytes: 400 * MiB,
      fits: false,
      otherBytes: 70 * MiB,
    },
    {
      name: 'auto without a limit',
      budget: { kind: 'auto' },
      limit: null,
      budgetBytes: null,
      fits: null,
    },
  ];
  for (const { name, budget, limit, budgetBytes, fits, otherBytes = 0 } of cases) {
    it(name, () => {
      assert.deepEqual(checkBudgetFit(crewConfig(pools, { budget }), limit), {
        budgetBytes,
        expectedBytes: 335 * MiB,
        unknownPools: ['mailer', 'cron'],
        otherBytes,
        fits,
      });
    });
  }

  it('has nothing unknown and nothing expected without pools', () => {
    assert.deepEqual(checkBudgetFit(crewConfig([], { budget: { kind: 'auto' } }), GiB), {
      budgetBytes: 966_367_641,
      expectedBytes: 0,
      unknownPools: [],
      otherBytes: 0,
      fits: true,
    });
  });
});
