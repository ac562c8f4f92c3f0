// The policy's budget soak on a model container (test-support/leak-model.ts): seven minutes of a
// leaking worker beside a backlog the budget cannot serve. The budget is passed for one tick at a
// time (a leak crosses it between samples), never for longer; the batch pool does not flap
// between drains and scale-ups; the critical pool never runs short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MiB } from './test-support/builders.js';
import { runLeakModel } from './test-support/leak-model.js';

for (const leakMiB of [0.5, 2]) {
  test(`budget soak, a leak of ${leakMiB} MiB/s for 7 minutes: no flapping, one tick over at a time`, () => {
    const figures = runLeakModel(420, leakMiB * MiB);
    console.log(JSON.stringify({ leakMiB, ...figures, runs: figures.runs.length }));
    assert.ok(
      figures.runs.every((run) => run <= 1),
      `over budget for ${Math.max(...figures.runs)} ticks in a row`,
    );
    assert.ok(
      figures.largestOverBytes <= 2 * leakMiB * MiB,
      `${figures.largestOverBytes / MiB} MiB over`,
    );
    assert.ok(figures.drains <= 2, `${figures.drains} drains`);
    assert.ok(figures.scaleUps <= 3, `${figures.scaleUps} scale-ups`);
    assert.ok(figures.recycles >= 1, 'the leaking process was never recycled');
    assert.equal(figures.fewestCritical, 2);
  });
}
