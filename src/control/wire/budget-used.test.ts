import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sample } from '../../memory/sample.js';
import { budgetUsed } from './budget-used.js';

const MiB = 1024 * 1024;
const figures = (pss: number) => ({ pssBytes: pss, rssBytes: pss, ussBytes: pss, swapBytes: 0 });
const proc = (pid: number, pss: number) => ({
  name: `p${pid}`,
  pool: 'p',
  pid,
  pids: 1,
  ...figures(pss),
});

// crew 20 MiB, two processes of 100 MiB, in a cgroup using 400 MiB.
function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    at: 0,
    container: { usageBytes: 400 * MiB, limitBytes: 1024 * MiB, hasLimit: true },
    crew: figures(20 * MiB),
    processes: [proc(1, 100 * MiB), proc(2, 100 * MiB)],
    foreign: { processes: 0, rssBytes: 0, unseen: 0 },
    ...overrides,
  } as Sample;
}

describe('budget used', () => {
  it('scope container: the cgroup, its rest counted as other', () => {
    const b = budgetUsed(sample(), { kind: 'bytes', bytes: 300 * MiB });
    assert.equal(b.scope, 'container');
    assert.equal(b.used_bytes, 400 * MiB);
    assert.deepEqual(b.parts, { pools: 200 * MiB, crew: 20 * MiB, other: 180 * MiB });
    assert.equal(b.over, true);
    assert.equal(b.description, '400 MiB of 300 MiB (133%), OVER budget by 100 MiB, most in pools');
    assert.equal(b.breakdown, 'pools 200 MiB + crew 20 MiB + other 180 MiB (scope container)');
  });

  it('scope crew (a shared cgroup): crew, pools and the allowance; the rest not counted', () => {
    const shared = sample({ foreign: { processes: 3, rssBytes: 150 * MiB, unseen: 0 } });
    const b = budgetUsed(shared, { kind: 'bytes', bytes: 300 * MiB, otherBytes: 30 * MiB });
    assert.equal(b.scope, 'crew');
    assert.equal(b.used_bytes, 250 * MiB);
    assert.equal(b.over, false);
    assert.equal(b.outside_bytes, 150 * MiB);
    assert.equal(b.description, '250 MiB of 300 MiB (83%)');
    assert.equal(
      b.breakdown,
      'pools 200 MiB + crew 20 MiB + other 30 MiB (scope crew); 150 MiB not counted',
    );
  });

  it('a relative budget resolves against the limit; no cgroup adds up the parts', () => {
    assert.equal(budgetUsed(sample(), { kind: 'percent', percent: 50 }).budget_bytes, 512 * MiB);
    const bare = budgetUsed(sample({ container: null, foreign: null }), null);
    assert.equal(bare.used_bytes, 220 * MiB);
    assert.equal(bare.budget_bytes, null);
    assert.equal(bare.description, '220 MiB, no budget set');
  });

  it('a budget given as bytes counts as the scalar form', () => {
    assert.deepEqual(
      budgetUsed(sample(), 300 * MiB),
      budgetUsed(sample(), { kind: 'bytes', bytes: 300 * MiB }),
    );
  });
});
