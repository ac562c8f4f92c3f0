import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextBackoffMs } from './backoff.js';
import { initialLifecycle, transition } from './process-state.js';
import {
  at,
  exited,
  type Row,
  rules,
  spawnNow,
  testTransitions,
} from './test-support/lifecycle.js';

// supervisord's states: start, startsecs, backoff, autorestart, stop.
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
];

testTransitions(table);

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

test('a stop timeout marks the run as forced', () => {
  assert.equal(transition(at('STOPPING'), { type: 'stop-timeout' }, rules, 0).next.forced, true);
});
