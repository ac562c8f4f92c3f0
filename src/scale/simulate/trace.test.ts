import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { parseTrace } from './trace.js';

test('trace: CSV with comments, clock times, units and defaults, sorted by time', () => {
  const trace = parseTrace(
    [
      '# a comment',
      'time,queue,jobs,service,delay',
      '08:00:01,payments,3,800ms,',
      '28800.5,router-checks,40,0.3,',
      '08:00,payments,1,1.5s,2s',
      '',
    ].join('\n'),
    'day.csv',
  );
  assert.deepEqual(trace.queues, ['payments', 'router-checks']);
  assert.deepEqual([...trace.timeMs], [28_800_000, 28_800_500, 28_801_000]);
  assert.deepEqual([...trace.queue], [0, 1, 0]);
  assert.deepEqual([...trace.jobs], [1, 40, 3]);
  assert.deepEqual([...trace.serviceMs], [1500, 300, 800]);
  assert.deepEqual([...trace.delayMs], [2000, 0, 0]);
});

test('trace: JSON Lines, jobs defaulting to 1 and service to 1 s', () => {
  const trace = parseTrace(
    '{"time": 2, "queue": "a", "service": 0.25}\n\n{"time": "1", "queue": "b", "jobs": 2}\n',
    'x.jsonl',
  );
  assert.deepEqual(trace.queues, ['a', 'b']);
  assert.deepEqual([...trace.timeMs], [1000, 2000]);
  assert.deepEqual([...trace.jobs], [2, 1]);
  assert.deepEqual([...trace.serviceMs], [1000, 250]);
});

test('trace: every bad row is reported with its line', () => {
  const text = 'time,queue,jobs,service\n1,a,x,1\nsoon,a,1,1\n2,,1,1\n3,a,1,fast\n4,a,1,1\n';
  assert.throws(
    () => parseTrace(text, 'bad.csv'),
    (error) =>
      isCrewError(error) &&
      error.code === 'CREW_TRACE_INVALID' &&
      error.message === 'bad.csv has 4 mistakes' &&
      error.details.join('\n') ===
        [
          'bad.csv:2  jobs must be a whole number, got "x"',
          'bad.csv:3  expected a time like 08:30:00 or a number of seconds, got "soon"',
          'bad.csv:4  queue is missing',
          'bad.csv:5  expected a duration like 800ms, 1.5s or 0.8 (seconds), got "fast"',
        ].join('\n'),
  );
});

test('trace: a header without time and queue is refused', () => {
  assert.throws(
    () => parseTrace('when,what\n1,a\n', 't.csv'),
    (error) => isCrewError(error) && /line 1: expected time, queue/.test(error.details[0]!),
  );
});
