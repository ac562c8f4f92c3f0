// Over budget: a grown process is recycled before healthy ones are drained, in place when its
// replacement would not fit (replacement first for a critical pool); only a process well above
// its pool's usual size, once per pool per cooldown; and no scale-up right after.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide } from './decide.js';
import { recycleCooldownMs } from './recycle-choice.js';
import type { PoolSignals, PoolSpec } from './spec.js';
import { MiB, signals, spec } from './test-support/builders.js';
import { busy, measured, memory, now } from './test-support/decide-inputs.js';

// A leaky pool of one process at `pssMiB` (usually 30), beside a batch pool of 3 at 45 MiB.
const specs = (leaky: Partial<PoolSpec> = {}) => [
  spec('batch', { priority: 20, min: 1, max: 8 }),
  spec('leaky', { priority: 30, min: 1, max: 1, expectMemoryBytes: 30 * MiB, ...leaky }),
];
const inputs = (pssMiB: number, batch: Partial<PoolSignals> = {}) => [
  signals('batch', { processes: 3, ...batch }),
  signals('leaky', { processPss: [{ name: 'leaky_00', pssBytes: pssMiB * MiB, pid: 4242 }] }),
];

describe('decide over budget', () => {
  test('a grown process that covers the excess is recycled, in place, and nothing is drained', () => {
    const result = decide(
      specs(),
      measured(['batch', 'leaky'], 1, 3),
      inputs(70),
      memory(410),
      now,
    );
    assert.deepEqual(result.decisions, []);
    assert.deepEqual(
      result.recycles.map((r) => [r.process, r.pid, r.kind, r.freesBytes / MiB]),
      [['leaky_00', 4242, 'restart', 40]],
    );
    assert.equal(
      result.recycles[0]!.reason,
      "over budget: 410 of 400 MiB used in the cgroup; leaky_00 uses 70 MiB, 2.3 × its pool's usual 30 MiB; recycling it in place, as the budget has no room for a 30 MiB replacement",
    );
    // What it frees is counted as on its way: the next tick, still over, drains nothing for it.
    const next = decide(specs(), result.state, inputs(70), memory(410), now + 1000);
    assert.deepEqual([next.decisions, next.recycles], [[], []]);
  });

  test('what the recycle does not cover is drained', () => {
    const result = decide(
      specs(),
      measured(['batch', 'leaky'], 1, 3),
      inputs(70),
      memory(480),
      now,
    );
    assert.deepEqual(
      result.recycles.map((r) => r.process),
      ['leaky_00'],
    );
    // 80 MiB over; the recycle frees 40, one batch process (45) the rest.
    assert.deepEqual(
      result.decisions.map((d) => [d.pool, d.from, d.to]),
      [['batch', 3, 2]],
    );
  });

  test("a process a few MiB over its pool's usual is not worth recycling", () => {
    // The shared-cgroup churn: 18 MiB against a usual 14 MiB, with every pool at its min.
    const small = [spec('critical', { min: 2, max: 2, expectMemoryBytes: 14 * MiB })];
    const atMin = [
      signals('critical', {
        processes: 2,
        processPss: [
          { name: 'critical_00', pssBytes: 14 * MiB },
          { name: 'critical_01', pssBytes: 18 * MiB },
        ],
      }),
    ];
    const result = decide(small, measured(['critical']), atMin, memory(450), now);
    assert.deepEqual([result.decisions, result.recycles], [[], []]);
    assert.equal(result.budget.status, 'unholdable');
  });

  // [name, usual MiB, PSS MiB, recycled]
  const grownRows: [string, number, number, boolean][] = [
    ['1.5 × and 16 MiB over: grown', 32, 48, true],
    ['1.5 × but only 15 MiB over: not', 30, 45, false],
    ['16 MiB over but under 1.5 ×: not', 40, 56, false],
  ];
  for (const [name, usual, pssMiB, grown] of grownRows) {
    test(`grown is relative and absolute: ${name}`, () => {
      const result = decide(
        specs({ expectMemoryBytes: usual * MiB }),
        measured(['batch', 'leaky'], 1, 3),
        inputs(pssMiB, { processes: 1 }),
        memory(410),
        now,
      );
      assert.equal(result.recycles.length, grown ? 1 : 0);
    });
  }

  test('a pool is recycled for the budget at most once per cooldown', () => {
    // A quick stop_timeout: the memory it frees is counted as on its way for 2 s only.
    const quick = specs({ stopTimeoutMs: 2_000 });
    const grown = inputs(70, { processes: 1 });
    const first = decide(quick, measured(['batch', 'leaky'], 1, 3), grown, memory(410), now);
    assert.equal(first.recycles.length, 1);
    // The memory it was to free has come and gone; the restarted process grew again at once.
    const soon = decide(quick, first.state, grown, memory(410), now + 2_001);
    assert.deepEqual(soon.recycles, []);
    assert.equal(recycleCooldownMs(quick[1]!), 10_000);
    const after = decide(quick, first.state, grown, memory(410), now + 10_000);
    assert.equal(after.recycles.length, 1);
  });

  test("a critical pool's grown process is replaced first, so the pool never runs short", () => {
    const result = decide(
      specs({ critical: true }),
      measured(['batch', 'leaky'], 1, 3),
      inputs(70),
      memory(410),
      now,
    );
    assert.equal(result.recycles[0]!.kind, 'replace');
    assert.match(
      result.recycles[0]!.reason,
      /replacement first, as its pool is critical, though the budget has no room/,
    );
  });

  test('scale-ups wait a while after the container was last over budget', () => {
    const state = measured(['batch', 'leaky'], 1, 3);
    const backlog = (pss: number) => [
      busy('batch', { processes: 2, ready: 40, oldestWaitMs: 9_000 }),
      inputs(pss)[1]!,
    ];
    const over = decide(specs(), state, backlog(30), memory(410), now);
    assert.equal(over.budget.status, 'over');
    // The drain has freed memory: room for two more, but the down cooldown (15 s) holds them.
    const held = decide(specs(), over.state, backlog(30), memory(300), now + 5_000);
    assert.deepEqual(held.decisions, []);
    assert.match(held.pools[0]!.why, /over budget 5 s ago: scale-ups wait 15 s/);
    const free = decide(specs(), over.state, backlog(30), memory(300), now + 15_000);
    assert.deepEqual(
      free.decisions.map((d) => [d.pool, d.from, d.to]),
      [['batch', 2, 4]],
    );
  });

  test('each decision carries what the budget counted', () => {
    const result = decide(
      specs(),
      measured(['batch', 'leaky'], 1, 3),
      [busy('batch', { processes: 2, ready: 40, oldestWaitMs: 9_000 }), inputs(30)[1]!],
      { ...memory(200), scope: 'crew', outsideBytes: 96 * MiB },
      now,
    );
    assert.deepEqual(result.decisions[0]!.budget, {
      scope: 'crew',
      usedBytes: 200 * MiB,
      budgetBytes: 400 * MiB,
      otherBytes: 0,
      outsideBytes: 96 * MiB,
    });
  });
});
