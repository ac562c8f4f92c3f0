import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import type { ExitRecord } from '../supervise/exit-record.js';
import { createCrewLog } from './crew-log.js';
import { eventFields, formatEvent, logEvents } from './event-log.js';

const exit = (record: Partial<ExitRecord>): ExitRecord => ({
  reason: 'exited',
  exitCode: 1,
  signal: null,
  startedAt: 0,
  endedAt: 300_000,
  durationMs: 300_000,
  forced: false,
  expected: false,
  ...record,
});

const table: [string, Parameters<typeof formatEvent>, string | null][] = [
  [
    'spawn',
    ['process:spawn', { name: 'payments_00', pool: 'payments', pid: 9714, instance: 'i1' }],
    "spawned: 'payments_00' with pid 9714",
  ],
  [
    'a crash',
    [
      'process:exit',
      { name: 'payments_00', pool: 'payments', pid: 9714, instance: 'i1', record: exit({}) },
    ],
    'exited: payments_00 (exit 1 (unexpected) after 300.0s)',
  ],
  [
    'a recycle says why',
    [
      'process:exit',
      {
        name: 'payments_00',
        pool: 'payments',
        pid: 9714,
        instance: 'i1',
        record: exit({
          reason: 'recycled',
          expected: true,
          detail: 'PSS 131 MiB > max_memory 128 MiB',
        }),
      },
    ],
    'recycled: payments_00 (PSS 131 MiB > max_memory 128 MiB; ran 300.0s)',
  ],
  [
    'a stop that timed out',
    [
      'process:exit',
      {
        name: 'w_00',
        pool: 'w',
        pid: 1,
        instance: 'i1',
        record: exit({ reason: 'killed-after-timeout', forced: true, durationMs: 10_000 }),
      },
    ],
    'stopped: w_00 (killed with SIGKILL after 10.0s (stop timed out))',
  ],
  [
    'the replacement comes first',
    [
      'process:recycle',
      { name: 'w_00', pool: 'w', kind: 'replace', reason: 'uptime 1h2m > max_uptime 1h' },
    ],
    'recycling: w_00 (uptime 1h2m > max_uptime 1h); starting its replacement first',
  ],
  [
    'a state change that is not worth a line',
    ['process:state', { name: 'w_00', pool: 'w', from: 'RUNNING', to: 'STOPPING', pid: 1 }],
    null,
  ],
];

for (const [name, [event, payload], expected] of table) {
  test(`event log: ${name}`, () => assert.equal(formatEvent(event, payload), expected));
}

// What a JSON line says an event was about, beyond `time` and `msg` (the words of the text line).
const fieldsTable: [string, Parameters<typeof eventFields>, Record<string, unknown>][] = [
  [
    'a spawn',
    ['process:spawn', { name: 'payments_00', pool: 'payments', pid: 9714, instance: 'i1' }],
    { event: 'process:spawn', pool: 'payments', process: 'payments_00', pid: 9714 },
  ],
  [
    'RUNNING',
    ['process:state', { name: 'w_00', pool: 'w', from: 'STARTING', to: 'RUNNING', pid: 5 }],
    {
      level: 'info',
      event: 'process:state',
      pool: 'w',
      process: 'w_00',
      pid: 5,
      reason: 'RUNNING',
    },
  ],
  [
    'BACKOFF',
    ['process:state', { name: 'w_00', pool: 'w', from: 'STARTING', to: 'BACKOFF', pid: null }],
    {
      level: 'warn',
      event: 'process:state',
      pool: 'w',
      process: 'w_00',
      pid: null,
      reason: 'BACKOFF',
    },
  ],
  [
    'FATAL',
    ['process:state', { name: 'w_00', pool: 'w', from: 'BACKOFF', to: 'FATAL', pid: null }],
    {
      level: 'error',
      event: 'process:state',
      pool: 'w',
      process: 'w_00',
      pid: null,
      reason: 'FATAL',
    },
  ],
  [
    'a crash',
    ['process:exit', { name: 'w_00', pool: 'w', pid: 5, instance: 'i1', record: exit({}) }],
    { level: 'warn', event: 'process:exit', pool: 'w', process: 'w_00', pid: 5, reason: 'exited' },
  ],
  [
    'an exit code listed in exitcodes',
    [
      'process:exit',
      { name: 'w_00', pool: 'w', pid: 5, instance: 'i1', record: exit({ expected: true }) },
    ],
    { level: 'info', event: 'process:exit', pool: 'w', process: 'w_00', pid: 5, reason: 'exited' },
  ],
  [
    'a signal crew did not send',
    [
      'process:exit',
      {
        name: 'w_00',
        pool: 'w',
        pid: 5,
        instance: 'i1',
        record: exit({ reason: 'signaled', exitCode: null, signal: 'SIGSEGV' }),
      },
    ],
    {
      level: 'warn',
      event: 'process:exit',
      pool: 'w',
      process: 'w_00',
      pid: 5,
      reason: 'signaled',
    },
  ],
  [
    'a stop',
    [
      'process:exit',
      { name: 'w_00', pool: 'w', pid: 5, instance: 'i1', record: exit({ reason: 'stopped' }) },
    ],
    { level: 'info', event: 'process:exit', pool: 'w', process: 'w_00', pid: 5, reason: 'stopped' },
  ],
  [
    'a spawn that failed',
    [
      'process:exit',
      {
        name: 'w_00',
        pool: 'w',
        pid: null,
        instance: null,
        record: exit({ reason: 'spawn-failed', exitCode: null, error: 'spawn nope ENOENT' }),
      },
    ],
    {
      level: 'error',
      event: 'process:exit',
      pool: 'w',
      process: 'w_00',
      pid: null,
      reason: 'spawn-failed',
    },
  ],
  [
    'a recycle',
    [
      'process:recycle',
      { name: 'w_00', pool: 'w', kind: 'replace', reason: 'PSS 131 MiB > max_memory 128 MiB' },
    ],
    {
      level: 'info',
      event: 'process:recycle',
      pool: 'w',
      process: 'w_00',
      reason: 'PSS 131 MiB > max_memory 128 MiB',
    },
  ],
  [
    'a runaway killed',
    ['process:recycle', { name: 'w_00', pool: 'w', kind: 'kill', reason: 'blocked 40s' }],
    { level: 'warn', event: 'process:recycle', pool: 'w', process: 'w_00', reason: 'blocked 40s' },
  ],
  [
    'a scale',
    ['pool:scale', { pool: 'w', from: 1, to: 3, reason: 'backlog 40' }],
    { event: 'pool:scale', pool: 'w', reason: 'backlog 40' },
  ],
  [
    'a stalled worker',
    [
      'worker:stalled',
      {
        name: 'w_00',
        pool: 'w',
        pid: 5,
        cause: 'signal SIGKILL',
        released: [{ id: 1, queue: 'q', stalls: 1 }],
        failed: [],
      },
    ],
    {
      level: 'warn',
      event: 'worker:stalled',
      pool: 'w',
      process: 'w_00',
      pid: 5,
      reason: 'signal SIGKILL',
    },
  ],
  [
    'a critical pool',
    ['supervisor:critical', { pool: 'w', process: 'w_00' }],
    { level: 'error', event: 'supervisor:critical', pool: 'w', process: 'w_00' },
  ],
  [
    'a config applied',
    ['config:apply', { version: 2, changes: ['log_format: text → json'] }],
    { event: 'config:apply' },
  ],
];

for (const [name, [event, payload], expected] of fieldsTable) {
  test(`event fields: ${name}`, () => assert.deepEqual(eventFields(event, payload), expected));
}

test('event log as JSON: one object a line, only what the event was about, never its payload', () => {
  // Planted where a payload holds more than a line says: it must not reach a line.
  const PLANTED = 'planted-0c1d';
  const lines: string[] = [];
  const events = createEmitter<CrewEvents>();
  const stop = logEvents(
    events,
    createCrewLog({
      format: () => 'json',
      text: assert.fail,
      json: (l) => lines.push(l),
      now: () => 9,
    }),
  );
  events.emit('process:spawn', { name: 'w_00', pool: 'w', pid: 5, instance: PLANTED });
  events.emit('process:state', {
    name: 'w_00',
    pool: 'w',
    from: 'STARTING',
    to: 'RUNNING',
    pid: 5,
  });
  events.emit('process:state', {
    name: 'w_00',
    pool: 'w',
    from: 'RUNNING',
    to: 'STOPPING',
    pid: 5,
  });
  events.emit('process:exit', {
    name: 'w_00',
    pool: 'w',
    pid: 5,
    instance: PLANTED,
    record: exit({ reason: 'stopped' }),
  });
  events.emit('worker:stalled', {
    name: 'w_00',
    pool: 'w',
    pid: 5,
    cause: 'exit 1',
    released: [{ id: 1, queue: 'q', stalls: 1, uuid: PLANTED }],
    failed: [],
  });
  events.emit('config:apply', { version: 3, changes: [] });
  stop();
  assert.equal(lines.length, 5, 'STOPPING is not worth a line');
  const allowed = new Set(['level', 'time', 'msg', 'event', 'pool', 'process', 'pid', 'reason']);
  for (const line of lines) {
    assert.equal(line.includes('\n'), false);
    assert.equal(line.includes(PLANTED), false, line);
    const entry = JSON.parse(line) as Record<string, unknown>;
    for (const key of Object.keys(entry)) assert.ok(allowed.has(key), `${key} in ${line}`);
    assert.equal(entry.time, 9);
    assert.match(String(entry.level), /^(info|warn|error)$/);
  }
  assert.deepEqual(JSON.parse(lines[0]!), {
    level: 'info',
    time: 9,
    msg: "spawned: 'w_00' with pid 5",
    event: 'process:spawn',
    pool: 'w',
    process: 'w_00',
    pid: 5,
  });
  assert.deepEqual(JSON.parse(lines[4]!), {
    level: 'info',
    time: 9,
    msg: 'config: applied version 3: no changes',
    event: 'config:apply',
  });
});
