// What the budget counts, by scope and by what the cgroup holds besides crew.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BudgetScope } from '../config/budget.js';
import type { ForeignProcesses } from '../memory/sample.js';
import { type BudgetMeasure, budgetView } from './budget-view.js';
import { MiB } from './test-support/builders.js';

const foreign = (rssMiB: number, unseen = 0): ForeignProcesses => ({
  processes: rssMiB > 0 || unseen > 0 ? 1 + unseen : 0,
  rssBytes: rssMiB * MiB,
  unseen,
});
// crew 40 MiB and its pools 250 MiB in a cgroup using `usageMiB`.
const measure = (
  scope: BudgetScope,
  usageMiB: number | null,
  others: ForeignProcesses | null,
  allowanceMiB = 0,
): BudgetMeasure => ({
  budgetBytes: 400 * MiB,
  scope,
  otherAllowanceBytes: allowanceMiB * MiB,
  usageBytes: usageMiB === null ? null : usageMiB * MiB,
  crewBytes: 40 * MiB,
  poolsBytes: 250 * MiB,
  foreign: others,
});

// [name, measure, scope in force, used MiB (null: none), other MiB, outside MiB (null: none)]
type Row = [string, BudgetMeasure, 'crew' | 'container', number | null, number, number | null];

const rows: Row[] = [
  [
    'alone in its cgroup: the cgroup counts',
    measure('auto', 310, foreign(0)),
    'container',
    310,
    20,
    null,
  ],
  [
    'a tini above crew does not make it shared',
    measure('auto', 310, foreign(1)),
    'container',
    310,
    20,
    null,
  ],
  [
    'sharing with a 60 MiB process crew did not start: crew counts its own',
    measure('auto', 375, foreign(60)),
    'crew',
    290,
    0,
    85,
  ],
  [
    'sharing, with an other allowance: counted in place of the rest',
    measure('auto', 375, foreign(60), 30),
    'crew',
    320,
    30,
    55,
  ],
  [
    'processes /proc cannot show make it shared',
    measure('auto', 375, foreign(0, 1)),
    'crew',
    290,
    0,
    85,
  ],
  [
    'scope container: the cgroup whatever it holds',
    measure('container', 375, foreign(60)),
    'container',
    375,
    85,
    null,
  ],
  ['scope crew: crew alone even when alone', measure('crew', 310, foreign(0)), 'crew', 290, 0, 20],
  [
    'the cgroup’s process list unreadable: as before, the cgroup',
    measure('auto', 310, null),
    'container',
    310,
    20,
    null,
  ],
  [
    'scope container holds at least the other allowance',
    measure('container', 300, foreign(0), 30),
    'container',
    320,
    30,
    null,
  ],
  ['no cgroup: the policy estimates', measure('auto', null, null), 'container', null, 0, null],
  [
    'no cgroup, scope crew: crew and its pools',
    measure('crew', null, null, 10),
    'crew',
    300,
    10,
    null,
  ],
];

for (const [name, input, scope, usedMiB, otherMiB, outsideMiB] of rows) {
  test(`budget view: ${name}`, () => {
    const view = budgetView(input);
    assert.deepEqual(
      [view.scope, view.usedBytes, view.otherBytes, view.outsideBytes],
      [
        scope,
        usedMiB === null ? null : usedMiB * MiB,
        otherMiB * MiB,
        outsideMiB === null ? null : outsideMiB * MiB,
      ],
    );
  });
}
