// Numbers crew would misbehave on are refused at load, naming the field and the maximum: every
// duration (Node's timers fire after 1 ms beyond 2^31-1 ms, ~24.8 days), the processes of a pool,
// the log backups kept, and a backlog's retry_after in whole seconds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const { writeNext: write } = configDir('crew-load-limits-');

const command = (fields: string) => `pools:\n  a:\n    command: x\n${fields}`;
const handlers = (fields: string) => `pools:\n  a:\n    handlers: ./jobs.js\n${fields}`;
const backlog = (fields: string) =>
  command(`    backlog:\n      source: sqlite:app.db\n      queues: [default]\n${fields}`);

// Every duration crew.yaml has, as a file setting it to `value`, and the key path it is at.
const durationFields: [string, (value: string) => string][] = [
  ['sample_interval', (v) => `sample_interval: ${v}\n${command('')}`],
  ['pools.a.startsecs', (v) => command(`    startsecs: ${v}\n`)],
  ['pools.a.backoff', (v) => command(`    backoff: ${v}\n`)],
  ['pools.a.stop_timeout', (v) => command(`    stop_timeout: ${v}\n`)],
  ['pools.a.target_wait', (v) => command(`    processes: 1..2\n    target_wait: ${v}\n`)],
  [
    'pools.a.scale.up_cooldown',
    (v) => command(`    processes: 1..2\n    scale:\n      up_cooldown: ${v}\n`),
  ],
  [
    'pools.a.scale.down_window',
    (v) => command(`    processes: 1..2\n    scale:\n      down_window: ${v}\n`),
  ],
  [
    'pools.a.scale.down_cooldown',
    (v) => command(`    processes: 1..2\n    scale:\n      down_cooldown: ${v}\n`),
  ],
  ['pools.a.recycle.max_uptime', (v) => command(`    recycle:\n      max_uptime: ${v}\n`)],
  ['pools.a.timeout', (v) => handlers(`    timeout: ${v}\n`)],
  ['pools.a.timeout_grace', (v) => handlers(`    timeout_grace: ${v}\n`)],
  ['pools.a.lease', (v) => handlers(`    lease: ${v}\n`)],
  ['pools.a.poll', (v) => handlers(`    poll: ${v}\n`)],
  ['pools.a.retry_backoff[1]', (v) => handlers(`    retry_backoff: [1s, ${v}]\n`)],
  ['pools.a.backlog.retry_after', (v) => backlog(`      retry_after: ${v}\n`)],
];

describe('durations', () => {
  for (const [path, yaml] of durationFields) {
    it(`refuses ${path} longer than 24 days, naming the maximum, and takes 24 days`, () => {
      for (const tooLong of ['577h', '3000000', '99999999999999999999999h']) {
        const { config, errors } = loadConfig(write(yaml(tooLong)), {});
        assert.equal(config, null, `${path}: ${tooLong} was accepted`);
        assert.deepEqual(
          errors.map((e) => [e.path, e.message]),
          [
            [
              path,
              `must be at most 576h (24 days), got ${JSON.stringify(tooLong).replace(/^"(\d+)"$/, '$1')}`,
            ],
          ],
        );
      }
      const { errors } = loadConfig(write(yaml('576h')), {});
      assert.deepEqual(errors, []);
    });
  }
});

const cases: ErrorCase[] = [
  {
    name: 'more processes than one pool may have, as a count, a range or {min, max}',
    yaml: [
      'pools:',
      '  a: { command: x, processes: 1001 }',
      '  b: { command: x, processes: "1..99999999999999999999", process_name: "b{num}" }',
      '  c: { command: x, processes: { min: 1, max: 5000 }, process_name: "c{num}" }',
      '',
    ].join('\n'),
    errors: [
      [2, 31, 'pools.a.processes', "must be at most 1000 (crew's limit for one pool), got 1001"],
      [3, 31, 'pools.b.processes', 'max must be at most 1000'],
      [4, 46, 'pools.c.processes.max', 'max must be at most 1000'],
    ],
  },
  {
    name: 'more log backups than a rotation can rename',
    yaml: command('    logs: { file: a.log, backups: 1000000000 }\n'),
    errors: [[4, 35, 'pools.a.logs.backups', 'must be at most 1000, got 1000000000']],
  },
  {
    name: 'a retry_after that is not whole seconds, which the watcher would refuse at run time',
    yaml: backlog('      retry_after: 1.5s\n'),
    errors: [[7, 20, 'pools.a.backlog.retry_after', 'must be a whole number of seconds, got 1.5s']],
  },
];

describeLoadErrors(cases);

describe('limits that still load', () => {
  it('takes 1000 processes, a range up to 1000 and 1000 backups', () => {
    const yaml = [
      'pools:',
      '  a: { command: x, processes: 1000, logs: { file: "a{num}.log", backups: 1000 } }',
      '  b: { command: x, processes: 0..1000, process_name: "b{num}" }',
      '',
    ].join('\n');
    const { config, errors } = loadConfig(write(yaml), {});
    assert.deepEqual(errors, []);
    assert.deepEqual(
      config!.pools.map((p) => [p.processes, p.autoscale?.max ?? null]),
      [
        [1000, null],
        [0, 1000],
      ],
    );
  });
});
