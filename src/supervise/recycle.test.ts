import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRecycles, type RecycleCandidate } from './recycle.js';

const MiB = 1024 * 1024;
const candidate = (overrides: Partial<RecycleCandidate>): RecycleCandidate => ({
  name: 'payments_00',
  pool: 'payments',
  pid: 4321,
  critical: false,
  state: 'RUNNING',
  pssBytes: 100 * MiB,
  uptimeMs: 60_000,
  retiring: false,
  recycle: { maxMemoryBytes: 128 * MiB, maxUptimeMs: 3_600_000, exitCodes: [12] },
  ...overrides,
});

const table: [string, Partial<RecycleCandidate>, string | null][] = [
  ['under every limit: nothing', {}, null],
  [
    'PSS over max_memory: replace',
    { pssBytes: 131 * MiB },
    'replace: PSS 131 MiB > max_memory 128 MiB',
  ],
  [
    'PSS over 1.5 × max_memory: kill',
    { pssBytes: 200 * MiB },
    'kill: runaway: PSS 200 MiB > 1.5 × max_memory 128 MiB',
  ],
  [
    'exactly 1.5 × is still a replacement',
    { pssBytes: 192 * MiB },
    'replace: PSS 192 MiB > max_memory 128 MiB',
  ],
  [
    'uptime over max_uptime: replace',
    { uptimeMs: 3_700_000 },
    'replace: uptime 1h2m > max_uptime 1h',
  ],
  ['not RUNNING: nothing', { state: 'STARTING', pssBytes: 500 * MiB }, null],
  ['already retiring: nothing', { retiring: true, pssBytes: 500 * MiB }, null],
  ['no measurement yet: nothing', { pssBytes: null }, null],
  [
    'no limits: nothing',
    { recycle: { maxMemoryBytes: null, maxUptimeMs: null, exitCodes: [] }, pssBytes: 900 * MiB },
    null,
  ],
];

for (const [name, overrides, expected] of table) {
  test(`decideRecycles: ${name}`, () => {
    const decisions = decideRecycles([candidate(overrides)]);
    assert.deepEqual(
      decisions.map((d) => `${d.kind}: ${d.reason}`),
      expected === null ? [] : [expected],
    );
  });
}

// With a budget: [name, candidate, room MiB, replacement MiB (null: unknown), expected]
const roomTable: [string, Partial<RecycleCandidate>, number, number | null, string | null][] = [
  [
    'the replacement fits: replacement first',
    { pssBytes: 131 * MiB },
    60,
    40,
    'replace: PSS 131 MiB > max_memory 128 MiB',
  ],
  [
    'it does not: in place, so the budget is not passed',
    { pssBytes: 131 * MiB },
    30,
    40,
    'restart: PSS 131 MiB > max_memory 128 MiB; in place, as a 40 MiB replacement does not fit the 30 MiB left in the budget',
  ],
  [
    'already over: in place',
    { pssBytes: 131 * MiB },
    -10,
    40,
    'restart: PSS 131 MiB > max_memory 128 MiB; in place, as the budget has no room for a 40 MiB replacement',
  ],
  [
    'a critical pool is replaced first all the same',
    { pssBytes: 131 * MiB, critical: true },
    0,
    40,
    'replace: PSS 131 MiB > max_memory 128 MiB',
  ],
  [
    'an unknown replacement size is taken to fit',
    { pssBytes: 131 * MiB },
    0,
    null,
    'replace: PSS 131 MiB > max_memory 128 MiB',
  ],
  ['uptime is not urgent: without room it waits', { uptimeMs: 3_700_000 }, 30, 40, null],
  [
    'a runaway is killed whatever the room',
    { pssBytes: 200 * MiB },
    500,
    40,
    'kill: runaway: PSS 200 MiB > 1.5 × max_memory 128 MiB',
  ],
];

for (const [name, overrides, roomMiB, replacementMiB, expected] of roomTable) {
  test(`decideRecycles with a budget: ${name}`, () => {
    const decisions = decideRecycles([candidate(overrides)], {
      roomBytes: roomMiB * MiB,
      replacementBytes: () => (replacementMiB === null ? null : replacementMiB * MiB),
    });
    assert.deepEqual(
      decisions.map((d) => `${d.kind}: ${d.reason}`),
      expected === null ? [] : [expected],
    );
    assert.ok(decisions.every((d) => d.pid === 4321));
  });
}

test('decideRecycles with a budget: two replacements in one tick share the room', () => {
  const grown = { pssBytes: 131 * MiB };
  const decisions = decideRecycles(
    [candidate(grown), candidate({ ...grown, name: 'payments_01', pid: 4322 })],
    { roomBytes: 60 * MiB, replacementBytes: () => 40 * MiB },
  );
  assert.deepEqual(
    decisions.map((d) => [d.name, d.pid, d.kind]),
    [
      ['payments_00', 4321, 'replace'],
      ['payments_01', 4322, 'restart'],
    ],
  );
});
