import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetiring, transition } from './process-state.js';
import {
  at,
  drain,
  exited,
  kill,
  type Row,
  replace,
  replacing,
  rules,
  testTransitions,
} from './test-support/lifecycle.js';

// Retiring: recycle (replace or kill) and scale-down go through drain and kill.
const table: Row[] = [
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

testTransitions(table);

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
