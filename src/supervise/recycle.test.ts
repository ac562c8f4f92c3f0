import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRecycles, type RecycleCandidate } from './recycle.js';

const MiB = 1024 * 1024;
const candidate = (overrides: Partial<RecycleCandidate>): RecycleCandidate => ({
  name: 'payments_00',
  pool: 'payments',
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
