import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExitRecord } from '../supervise/exit-record.js';
import { formatEvent } from './event-log.js';

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
