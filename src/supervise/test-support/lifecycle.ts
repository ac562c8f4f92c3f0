// Builders for the table tests of the pure process transition: the rules they run under,
// lifecycles in a given state, the events they feed, and the runner for a table of rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Lifecycle,
  type ProcessAction,
  type ProcessEvent,
  type ProcessRules,
  type ProcessState,
  type Retirement,
  transition,
} from '../process-state.js';

export const rules: ProcessRules = {
  autorestart: 'unexpected',
  exitcodes: [0],
  startsecsMs: 1000,
  startretries: 3,
  backoffMs: 1000,
  stopsignal: 'SIGTERM',
  stopTimeoutMs: 10_000,
  recycle: { exitCodes: [12] },
};

export const at = (
  state: ProcessState,
  retries = 0,
  lastSpawnAt: number | null = 0,
  retiring: Retirement | null = null,
): Lifecycle => ({ state, retries, lastSpawnAt, retiring, forced: false });
export const replacing = (reason = 'PSS 131 MiB > max_memory 128 MiB'): Retirement => ({
  kind: 'replace',
  reason,
});
export const exited = (exitCode: number | null, signal: string | null = null): ProcessEvent => ({
  type: 'exited',
  exitCode,
  signal,
});

export const replace: ProcessEvent = {
  type: 'replace',
  reason: 'PSS 131 MiB > max_memory 128 MiB',
};
export const drain = (kind: 'replace' | 'scale-down'): ProcessEvent => ({
  type: 'drain',
  kind,
  reason: kind === 'replace' ? 'PSS 131 MiB > max_memory 128 MiB' : 'scale-down: 3→2',
});
export const kill: ProcessEvent = { type: 'kill', reason: 'a job blocked its event loop' };

export type Row = [
  string,
  Lifecycle,
  ProcessEvent,
  Partial<ProcessRules>,
  ProcessState,
  ProcessAction[],
];
export const spawnNow: ProcessAction[] = [
  { type: 'clear-timers' },
  { type: 'spawn', startTimerMs: 1000 },
];

// One test per row: the transition from the row's lifecycle on its event, under the rules with
// the row's overrides, lands in the row's state with exactly the row's actions.
export function testTransitions(table: readonly Row[]): void {
  for (const [name, life, event, overrides, state, actions] of table) {
    test(`transition: ${name}`, () => {
      const result = transition(life, event, { ...rules, ...overrides }, 10_000);
      assert.equal(result.next.state, state);
      assert.deepEqual(result.actions, actions);
    });
  }
}
