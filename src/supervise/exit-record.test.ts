import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyExit, type ExitReason } from './exit-record.js';
import { initialLifecycle, type Lifecycle, type Retirement } from './process-state.js';

const memory: Retirement = { kind: 'replace', reason: 'PSS 131 MiB > max_memory 128 MiB' };
const scaleDown: Retirement = { kind: 'scale-down', reason: 'scale-down: 3→2' };
const killed: Retirement = { kind: 'kill', reason: 'runaway' };
const life = (state: Lifecycle['state'], retiring: Retirement | null, forced = false) => ({
  ...initialLifecycle,
  state,
  retiring,
  forced,
});

type Row = [string, Lifecycle, number | null, ExitReason, string | undefined];
const table: Row[] = [
  ['a drained replacement is recycled', life('DRAINING', memory), 0, 'recycled', memory.reason],
  [
    'a scale-down is a stop with its reason',
    life('DRAINING', scaleDown),
    0,
    'stopped',
    scaleDown.reason,
  ],
  [
    'a scale-down past stop_timeout',
    life('DRAINING', scaleDown, true),
    null,
    'killed-after-timeout',
    scaleDown.reason,
  ],
  ['a kill is recycled', life('RUNNING', killed, true), null, 'recycled', 'runaway'],
  ['an exit while waiting for the replacement', life('RUNNING', memory), 1, 'exited', undefined],
  [
    'an operator stop while replaced is a stop',
    life('STOPPING', memory, true),
    null,
    'killed-after-timeout',
    undefined,
  ],
  ['an operator stop', life('STOPPING', null), 0, 'stopped', undefined],
  ['exit 12 asks to be replaced', life('RUNNING', null), 12, 'recycled', undefined],
  ['a crash', life('RUNNING', null), 1, 'exited', undefined],
];

for (const [name, ending, exitCode, reason, detail] of table) {
  test(`classifyExit: ${name}`, () => {
    const record = classifyExit({
      exitCode,
      signal: exitCode === null ? 'SIGKILL' : null,
      startedAt: 0,
      endedAt: 1000,
      life: ending,
      exitcodes: [0],
      recycleExitCodes: [12],
    });
    assert.equal(record.reason, reason);
    assert.equal(record.forced, ending.forced);
    if (detail !== undefined || reason !== 'recycled') assert.equal(record.detail, detail);
  });
}
