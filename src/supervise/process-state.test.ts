import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextBackoffMs } from './backoff.js';
import {
  initialLifecycle,
  isRetiring,
  type Lifecycle,
  type ProcessAction,
  type ProcessEvent,
  type ProcessRules,
  type ProcessState,
  type Retirement,
  transition,
} from './process-state.js';

const rules: ProcessRules = {
  autorestart: 'unexpected',
  exitcodes: [0],
  startsecsMs: 1000,
  startretries: 3,
  backoffMs: 1000,
  stopsignal: 'SIGTERM',
  stopTimeoutMs: 10_000,
  recycle: { exitCodes: [12] },
};

const at = (
  state: ProcessState,
  retries = 0,
  lastSpawnAt: number | null = 0,
  retiring: Retirement | null = null,
): Lifecycle => ({ state, retries, lastSpawnAt, retiring, forced: false });
const replacing = (reason = 'PSS 131 MiB > max_memory 128 MiB'): Retirement => ({
  kind: 'replace',
  reason,
});
const exited = (exitCode: number | null, signal: string | null = null): ProcessEvent => ({
  type: 'exited',
  exitCode,
  signal,
});

const replace: ProcessEvent = { type: 'replace', reason: 'PSS 131 MiB > max_memory 128 MiB' };
const drain = (kind: 'replace' | 'scale-down'): ProcessEvent => ({
  type: 'drain',
  kind,
  reason: kind === 'replace' ? 'PSS 131 MiB > max_memory 128 MiB' : 'scale-down: 3→2',
});
const kill: ProcessEvent = { type: 'kill', reason: 'a job blocked its event loop' };

type Row = [string, Lifecycle, ProcessEvent, Partial<ProcessRules>, ProcessState, ProcessAction[]];
const spawnNow: ProcessAction[] = [{ type: 'clear-timers' }, { type: 'spawn', startTimerMs: 1000 }];

const table: Row[] = [
  ['start from STOPPED spawns', initialLifecycle, { type: 'start' }, {}, 'STARTING', spawnNow],
  ['start from FATAL spawns', at('FATAL', 4), { type: 'start' }, {}, 'STARTING', spawnNow],
  ['start from EXITED spawns', at('EXITED'), { type: 'start' }, {}, 'STARTING', spawnNow],
  ['start while RUNNING does nothing', at('RUNNING'), { type: 'start' }, {}, 'RUNNING', []],
  ['start while STOPPING does nothing', at('STOPPING'), { type: 'start' }, {}, 'STOPPING', []],
  ['startsecs elapsed → RUNNING', at('STARTING', 2), { type: 'started' }, {}, 'RUNNING', []],
  ['started outside STARTING is ignored', at('STOPPING'), { type: 'started' }, {}, 'STOPPING', []],
  [
    'quick exit → BACKOFF with first delay',
    at('STARTING', 0),
    exited(1),
    {},
    'BACKOFF',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 1000 }],
  ],
  [
    'quick exit with code 0 is still BACKOFF',
    at('STARTING', 1),
    exited(0),
    {},
    'BACKOFF',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 2000 }],
  ],
  [
    'quick exit past startretries → FATAL',
    at('STARTING', 3),
    exited(1),
    {},
    'FATAL',
    [{ type: 'clear-timers' }],
  ],
  [
    'startretries 0: first quick exit is FATAL',
    at('STARTING', 0),
    exited(1),
    { startretries: 0 },
    'FATAL',
    [{ type: 'clear-timers' }],
  ],
  [
    'spawn failure counts as a quick exit',
    at('STARTING', 0),
    { type: 'spawn-failed' },
    {},
    'BACKOFF',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 1000 }],
  ],
  [
    'retry from BACKOFF spawns, keeping the count',
    at('BACKOFF', 2),
    { type: 'retry' },
    {},
    'STARTING',
    spawnNow,
  ],
  [
    'unexpected exit from RUNNING restarts at once after a long run',
    at('RUNNING', 0, 0),
    exited(1),
    {},
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 0 }],
  ],
  [
    'expected exit with autorestart=unexpected stays EXITED',
    at('RUNNING'),
    exited(0),
    {},
    'EXITED',
    [{ type: 'clear-timers' }],
  ],
  [
    'a signal death is unexpected',
    at('RUNNING'),
    exited(null, 'SIGKILL'),
    {},
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 0 }],
  ],
  [
    'autorestart=true restarts even after exit 0',
    at('RUNNING'),
    exited(0),
    { autorestart: true },
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 0 }],
  ],
  [
    'autorestart=false never restarts',
    at('RUNNING'),
    exited(1),
    { autorestart: false },
    'EXITED',
    [{ type: 'clear-timers' }],
  ],
  [
    'startsecs 0: a process that dies at once is restarted no sooner than the spacing',
    at('RUNNING', 0, 9_800),
    exited(1),
    { startsecsMs: 0 },
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 800 }],
  ],
  [
    'a recycle exit code restarts even with autorestart=false',
    at('RUNNING'),
    exited(12),
    { autorestart: false },
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 0 }],
  ],
  [
    'a runaway killed by crew is restarted even with autorestart=false',
    at('RUNNING', 0, 0, { kind: 'kill', reason: 'runaway' }),
    exited(null, 'SIGKILL'),
    { autorestart: false },
    'EXITED',
    [{ type: 'clear-timers' }, { type: 'retry-after', delayMs: 0 }],
  ],
  ['retry from EXITED spawns', at('EXITED'), { type: 'retry' }, {}, 'STARTING', spawnNow],
  [
    'stop RUNNING → STOPPING with stopsignal and kill timer',
    at('RUNNING'),
    { type: 'stop' },
    { stopsignal: 'SIGQUIT' },
    'STOPPING',
    [{ type: 'clear-timers' }, { type: 'signal', signal: 'SIGQUIT', killTimerMs: 10_000 }],
  ],
  [
    'stop STARTING → STOPPING',
    at('STARTING'),
    { type: 'stop' },
    {},
    'STOPPING',
    [{ type: 'clear-timers' }, { type: 'signal', signal: 'SIGTERM', killTimerMs: 10_000 }],
  ],
  [
    'stop BACKOFF cancels the retry',
    at('BACKOFF', 2),
    { type: 'stop' },
    {},
    'STOPPED',
    [{ type: 'clear-timers' }],
  ],
  [
    'stop EXITED cancels a pending restart',
    at('EXITED'),
    { type: 'stop' },
    {},
    'STOPPED',
    [{ type: 'clear-timers' }],
  ],
  ['stop FATAL does nothing', at('FATAL'), { type: 'stop' }, {}, 'FATAL', []],
  [
    'stop timeout → SIGKILL',
    at('STOPPING'),
    { type: 'stop-timeout' },
    {},
    'STOPPING',
    [{ type: 'kill' }],
  ],
  [
    'exit while STOPPING → STOPPED',
    at('STOPPING'),
    exited(null, 'SIGTERM'),
    {},
    'STOPPED',
    [{ type: 'clear-timers' }],
  ],
  ['a late retry after stop is ignored', at('STOPPED'), { type: 'retry' }, {}, 'STOPPED', []],
  // Retiring: recycle (replace or kill) and scale-down go through drain and kill.
  ['replace marks RUNNING, nothing sent yet', at('RUNNING'), replace, {}, 'RUNNING', []],
  ['replace outside RUNNING is ignored', at('STARTING'), replace, {}, 'STARTING', []],
  [
    'drain RUNNING → DRAINING with stopsignal and kill timer',
    at('RUNNING', 0, 0, replacing()),
    drain('replace'),
    { stopsignal: 'SIGQUIT' },
    'DRAINING',
    [{ type: 'clear-timers' }, { type: 'signal', signal: 'SIGQUIT', killTimerMs: 10_000 }],
  ],
  [
    'a scale-down drains a STARTING process too',
    at('STARTING'),
    drain('scale-down'),
    {},
    'DRAINING',
    [{ type: 'clear-timers' }, { type: 'signal', signal: 'SIGTERM', killTimerMs: 10_000 }],
  ],
  [
    'a scale-down of a process in BACKOFF cancels the retry',
    at('BACKOFF', 1),
    drain('scale-down'),
    {},
    'STOPPED',
    [{ type: 'clear-timers' }],
  ],
  ['drain while DRAINING does nothing', at('DRAINING'), drain('scale-down'), {}, 'DRAINING', []],
  ['stop while DRAINING does nothing', at('DRAINING'), { type: 'stop' }, {}, 'DRAINING', []],
  ['start while DRAINING does nothing', at('DRAINING'), { type: 'start' }, {}, 'DRAINING', []],
  [
    'drain timeout → SIGKILL',
    at('DRAINING'),
    { type: 'stop-timeout' },
    {},
    'DRAINING',
    [{ type: 'kill' }],
  ],
  [
    'exit while DRAINING → STOPPED, never restarted',
    at('DRAINING', 0, 0, replacing()),
    exited(0),
    { autorestart: true },
    'STOPPED',
    [{ type: 'clear-timers' }],
  ],
  [
    'an exit while its replacement starts is not restarted',
    at('RUNNING', 0, 0, replacing()),
    exited(1),
    { autorestart: true },
    'EXITED',
    [{ type: 'clear-timers' }],
  ],
  ['kill RUNNING SIGKILLs the group now', at('RUNNING'), kill, {}, 'RUNNING', [{ type: 'kill' }]],
  ['kill a DRAINING one hurries it', at('DRAINING'), kill, {}, 'DRAINING', [{ type: 'kill' }]],
  ['kill outside RUNNING/DRAINING is ignored', at('STARTING'), kill, {}, 'STARTING', []],
  ['a late stop timeout is ignored', at('STOPPED'), { type: 'stop-timeout' }, {}, 'STOPPED', []],
];

for (const [name, life, event, overrides, state, actions] of table) {
  test(`transition: ${name}`, () => {
    const result = transition(life, event, { ...rules, ...overrides }, 10_000);
    assert.equal(result.next.state, state);
    assert.deepEqual(result.actions, actions);
  });
}

test('a confirmed start resets the retry count', () => {
  assert.equal(transition(at('STARTING', 3), { type: 'started' }, rules, 0).next.retries, 0);
});

test('an operator start resets the retry count', () => {
  assert.equal(transition(at('FATAL', 4), { type: 'start' }, rules, 0).next.retries, 0);
});

test('backoff doubles and is capped at 60 s', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 10, 50].map((retry) => nextBackoffMs(retry, 1000)),
    [1000, 2000, 4000, 8000, 60_000, 60_000],
  );
});

test('restarts cannot busy-loop: repeated quick exits always wait and end in FATAL', () => {
  let life = transition(initialLifecycle, { type: 'start' }, rules, 0).next;
  let waited = 0;
  for (let i = 0; i < 10 && life.state !== 'FATAL'; i++) {
    const result = transition(life, exited(1), rules, 0);
    life = result.next;
    const retry = result.actions.find((action) => action.type === 'retry-after');
    if (retry && retry.type === 'retry-after') {
      assert.ok(retry.delayMs >= rules.backoffMs);
      waited += retry.delayMs;
      life = transition(life, { type: 'retry' }, rules, 0).next;
    }
  }
  assert.equal(life.state, 'FATAL');
  assert.equal(waited, 1000 + 2000 + 4000);
});

test('the reason travels in the lifecycle: replace → drain → exit, cleared at the next spawn', () => {
  let life = transition(at('RUNNING'), replace, rules, 0).next;
  assert.deepEqual(life.retiring, replacing());
  assert.equal(isRetiring(life), true);
  life = transition(life, drain('replace'), rules, 0).next;
  assert.deepEqual([life.state, life.retiring], ['DRAINING', replacing()]);
  life = transition(life, exited(0), rules, 0).next;
  assert.equal(life.state, 'STOPPED');
  life = transition(life, { type: 'start' }, rules, 0).next;
  assert.deepEqual([life.retiring, life.forced, isRetiring(life)], [null, false, false]);
});

test('keep cancels a replacement that failed; the process is a member again', () => {
  const marked = transition(at('RUNNING'), replace, rules, 0).next;
  const kept = transition(marked, { type: 'keep' }, rules, 0);
  assert.deepEqual([kept.next.state, kept.next.retiring, kept.actions], ['RUNNING', null, []]);
  assert.equal(isRetiring(kept.next), false);
});

test('a replace while one is under way, or a kill in flight, is refused', () => {
  const marked = transition(at('RUNNING'), replace, rules, 0).next;
  assert.equal(transition(marked, replace, rules, 0).next, marked);
  const killing = transition(at('RUNNING'), kill, rules, 0).next;
  assert.equal(transition(killing, replace, rules, 0).next, killing);
});

test('a kill records the reason and that crew forced it; it is not retiring', () => {
  const { next } = transition(at('RUNNING'), kill, rules, 0);
  assert.deepEqual(next.retiring, { kind: 'kill', reason: 'a job blocked its event loop' });
  assert.equal(next.forced, true);
  assert.equal(isRetiring(next), false);
  // Killing one that was leaving anyway keeps it leaving: it is not restarted.
  const draining = transition(at('DRAINING', 0, 0, replacing()), kill, rules, 0).next;
  assert.equal(draining.retiring?.kind, 'replace');
  const waiting = transition(at('RUNNING', 0, 0, replacing()), kill, rules, 0).next;
  assert.deepEqual(transition(waiting, exited(null, 'SIGKILL'), rules, 0).actions, [
    { type: 'clear-timers' },
  ]);
});

test('a scale-down drain carries its reason', () => {
  const { next } = transition(at('RUNNING'), drain('scale-down'), rules, 0);
  assert.deepEqual(next.retiring, { kind: 'scale-down', reason: 'scale-down: 3→2' });
  assert.equal(isRetiring(next), true);
});

test('a stop timeout marks the run as forced', () => {
  assert.equal(transition(at('STOPPING'), { type: 'stop-timeout' }, rules, 0).next.forced, true);
});
