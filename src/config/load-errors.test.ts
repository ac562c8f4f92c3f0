import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCrewError } from '../errors/crew-error.js';
import { loadConfig, loadConfigOrThrow } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-load-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function write(yaml: string): string {
  fileCount += 1;
  const file = join(dir, `crew-${fileCount}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

// [line, column, key path, a fragment of the message]
type Expected = [number, number, string, string];

const cases: { name: string; yaml: string; errors: Expected[] }[] = [
  {
    name: 'an unknown top-level key',
    yaml: 'stor: crew.db\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        1,
        'stor',
        'unknown key "stor" (did you mean "store"?); allowed: control, run_dir, pools, budget, sample_interval, store, http',
      ],
    ],
  },
  {
    name: 'a store that is neither sqlite nor postgres',
    yaml: 'store: crew.db\npools:\n  a: { command: x }\n',
    errors: [[1, 8, 'store', 'has no scheme; use sqlite:PATH or postgres://USER@HOST/DB']],
  },
  {
    name: 'a store crew cannot keep its jobs in',
    yaml: 'store: mysql://root@db/app\npools:\n  a: { command: x }\n',
    errors: [[1, 8, 'store', 'is a mysql URL, which the job store cannot be']],
  },
  {
    name: 'a backlog URL with a scheme no watcher knows, its password masked',
    yaml: [
      'pools:',
      '  php:',
      '    command: php artisan queue:work',
      '    backlog:',
      '      source: ftp://app:s3cret@files/jobs',
      '      queues: [default]',
      '',
    ].join('\n'),
    errors: [
      [
        5,
        15,
        'pools.php.backlog.source',
        'has an unknown scheme "ftp"; use sqlite:PATH, postgres://USER@HOST/DB, mysql://USER@HOST/DB, mariadb://USER@HOST/DB or redis://HOST:PORT/DB',
      ],
    ],
  },
  {
    name: 'backlog table names that are not plain SQL names',
    yaml: [
      'pools:',
      '  php:',
      '    command: php artisan queue:work',
      '    backlog:',
      '      source: postgres://app@db/app',
      '      queues: [default]',
      '      table: app.queue.jobs',
      '      failed_table: failed-jobs',
      '',
    ].join('\n'),
    errors: [
      [7, 14, 'pools.php.backlog.table', 'has 2 dots; at most one, between schema and table'],
      [8, 21, 'pools.php.backlog.failed_table', 'holds "-", which a plain SQL name cannot; use'],
    ],
  },
  {
    name: 'a pool with both command and handlers',
    yaml: 'pools:\n  a:\n    command: x\n    handlers: ./jobs.js\n',
    errors: [
      [
        4,
        5,
        'pools.a.handlers',
        'a pool runs either command: (any program) or handlers: (Node job handlers), not both',
      ],
    ],
  },
  {
    name: 'handler settings on a command pool',
    yaml: 'pools:\n  a:\n    command: x\n    concurrency: 4\n    recycle: { max_jobs: 10 }\n',
    errors: [
      [4, 5, 'pools.a.concurrency', 'applies only to pools with handlers:'],
      [
        5,
        16,
        'pools.a.recycle.max_jobs',
        'applies only to pools with handlers:; for queue:work, pass --max-jobs=N in its command',
      ],
    ],
  },
  {
    name: 'a per-queue concurrency that does not match the queues',
    yaml: 'pools:\n  a:\n    handlers: ./jobs.js\n    queues: [payments, provisioning]\n    concurrency: { payments: 4, payment: 2 }\n',
    errors: [
      [
        5,
        5,
        'pools.a.concurrency',
        'gives no limit for provisioning; give every queue of the pool its own number',
      ],
      [
        5,
        33,
        'pools.a.concurrency.payment',
        '"payment" is not in this pool\'s queues (payments, provisioning)',
      ],
    ],
  },
  {
    name: 'a budget of 0',
    yaml: 'budget: 0\npools:\n  a: { command: x }\n',
    errors: [[1, 9, 'budget', 'must be at least 1MiB, got 0']],
  },
  {
    name: 'a bare number as a budget',
    yaml: 'budget: 400\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        9,
        'budget',
        'must be at least 1MiB, got 400; a bare number is bytes, did you mean 400MiB?',
      ],
    ],
  },
  {
    name: 'a percentage out of range',
    yaml: 'budget: 150%\npools:\n  a: { command: x }\n',
    errors: [[1, 9, 'budget', 'must be between 1% and 100%, got "150%"']],
  },
  {
    name: 'a budget that is not a size, a percentage or auto',
    yaml: 'budget: plenty\nsample_interval: 10ms\npools:\n  a: { command: x }\n',
    errors: [
      [
        1,
        9,
        'budget',
        'expected a size like 400MiB, a percentage like "90%", or auto, got "plenty"',
      ],
      [2, 18, 'sample_interval', 'must be at least 100ms, got "10ms"'],
    ],
  },
  {
    name: 'mistakes in expect_memory and recycle',
    yaml: [
      'pools:',
      '  a:',
      '    command: x',
      '    expect_memory: 45',
      '    recycle:',
      '      maxMemory: 128MiB',
      '      max_uptime: 0',
      '      exit_codes: [12, 300]',
      '  b:',
      '    command: y',
      '    recycle: 12',
      '',
    ].join('\n'),
    errors: [
      [4, 20, 'pools.a.expect_memory', 'did you mean 45MiB?'],
      [6, 7, 'pools.a.recycle.maxMemory', 'unknown key "maxMemory" (did you mean "max_memory"?)'],
      [7, 19, 'pools.a.recycle.max_uptime', 'must be at least 1s, got 0'],
      [8, 24, 'pools.a.recycle.exit_codes[1]', 'must be at most 255, got 300'],
      [11, 14, 'pools.b.recycle', 'expected a mapping, got 12'],
    ],
  },
  {
    name: 'an unknown key in a pool, with a hint',
    yaml: 'pools:\n  a:\n    command: x\n    stop_timout: 5s\n',
    errors: [
      [4, 5, 'pools.a.stop_timout', 'unknown key "stop_timout" (did you mean "stop_timeout"?)'],
    ],
  },
  {
    name: "supervisord's name for a key",
    yaml: 'pools:\n  a:\n    command: x\n    numprocs: 2\n',
    errors: [[4, 5, 'pools.a.numprocs', '(did you mean "processes"?)']],
  },
  {
    name: 'a wrong type',
    yaml: 'pools:\n  a:\n    command: x\n    processes: two\n',
    errors: [
      [
        4,
        16,
        'pools.a.processes',
        'expected a count like 3, a range like 1..4, or {min: 1, max: 4}, got "two"',
      ],
    ],
  },
  {
    name: 'a bad unit',
    yaml: 'pools:\n  a:\n    command: x\n    stop_timeout: 10 secs\n',
    errors: [
      [4, 19, 'pools.a.stop_timeout', 'expected a duration like 500ms, 5s or 1m, got "10 secs"'],
    ],
  },
  {
    name: 'a backoff below its floor',
    yaml: 'pools:\n  a:\n    command: x\n    backoff: 10ms\n',
    errors: [[4, 14, 'pools.a.backoff', 'must be at least 100ms']],
  },
  {
    name: 'a duplicate pool name',
    yaml: 'pools:\n  a:\n    command: x\n  a:\n    command: y\n',
    errors: [[4, 3, 'pools.a', 'pool "a" is defined twice (first on line 2)']],
  },
  {
    name: 'a duplicate process name across pools',
    yaml: 'pools:\n  a:\n    command: x\n  b:\n    command: y\n    process_name: "a_{num:02}"\n',
    errors: [
      [6, 19, 'pools.b.process_name', 'makes the process name "a_00", which pool "a" also makes'],
    ],
  },
  {
    name: 'an empty command',
    yaml: 'pools:\n  a:\n    command: ""\n  b:\n    command: []\n',
    errors: [
      [3, 14, 'pools.a.command', 'must not be empty'],
      [5, 14, 'pools.b.command', 'must not be an empty list'],
    ],
  },
  {
    name: 'a missing command',
    yaml: 'pools:\n  a:\n    processes: 1\n',
    errors: [
      [
        2,
        3,
        'pools.a',
        'needs command: (the program to run) or handlers: (a module of Node job handlers)',
      ],
    ],
  },
  {
    name: 'an unclosed quote',
    yaml: "pools:\n  a:\n    command: php artisan 'queue:work\n",
    errors: [[3, 14, 'pools.a.command', "unclosed ' quote (opened at character 13)"]],
  },
  {
    name: 'a process_name without {num} for several processes',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 2\n    process_name: "{pool}"\n',
    errors: [
      [
        5,
        19,
        'pools.a.process_name',
        'must contain {num} or {num:02} when processes is more than 1',
      ],
    ],
  },
  {
    name: 'an autoscaled pool whose max would give processes the same name',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 1..3\n    process_name: "{pool}"\n',
    errors: [[5, 19, 'pools.a.process_name', 'or all 3 processes get the same name']],
  },
  {
    name: 'a range with min above max, and a bad target_wait',
    yaml: 'pools:\n  a:\n    command: x\n    processes: 4..2\n    target_wait: 10ms\n',
    errors: [
      [4, 16, 'pools.a.processes', 'min (4) must not be more than max (2)'],
      [5, 18, 'pools.a.target_wait', 'must be at least 100ms, got "10ms"'],
    ],
  },
  {
    name: 'a {min, max} mapping with min above max, a max of 0 and an unknown scale key',
    yaml: [
      'pools:',
      '  a:',
      '    command: x',
      '    processes: { min: 3, max: 1 }',
      '  b:',
      '    command: x',
      '    processes: 0..0',
      '    scale: { down_window: 1m, cooldown: 5s }',
      '',
    ].join('\n'),
    errors: [
      [4, 31, 'pools.a.processes.max', 'min (3) must not be more than max (1)'],
      [7, 16, 'pools.b.processes', 'max must be at least 1, got 0'],
      [8, 31, 'pools.b.scale.cooldown', 'unknown key "cooldown"'],
    ],
  },
  {
    name: 'shell: true with an argv list',
    yaml: 'pools:\n  a:\n    command: [sleep, 5]\n    shell: true\n',
    errors: [[4, 12, 'pools.a.shell', 'write command as a string, not a list']],
  },
  {
    name: 'a bad pool name',
    yaml: 'pools:\n  "-a":\n    command: x\n    processes: -1\n',
    errors: [
      [2, 3, 'pools.-a', 'pool names must start with a letter or digit'],
      [4, 16, 'pools.-a.processes', 'must be at least 0'],
    ],
  },
  {
    name: 'a YAML syntax error',
    yaml: 'pools:\n  a: { command: x\n  b: 2\n',
    errors: [
      [3, 3, '', 'Flow map in block collection must be sufficiently indented and end with a }'],
    ],
  },
  {
    name: 'an empty file',
    yaml: '# nothing yet\n',
    errors: [[1, 1, '', 'the file is empty']],
  },
  {
    name: 'several mistakes at once',
    yaml: [
      'controls: {}',
      'pools:',
      '  payments:',
      '    command: php artisan queue:work',
      '    processes: 2',
      '    autorestart: yes',
      '    stopsignal: TERMINATE',
      '    logs: { file: "var/log/{name}.log", max_bytes: lots, colour: red }',
      '    env: { APP_ENV: production, EMPTY: }',
      '  mailer:',
      '    command: node "mail.js',
      '    group: "bad group"',
      '    exitcodes: [0, 256]',
      '',
    ].join('\n'),
    errors: [
      [1, 1, 'controls', 'unknown key "controls" (did you mean "control"?)'],
      [6, 18, 'pools.payments.autorestart', 'expected true, false or unexpected, got "yes"'],
      [
        7,
        17,
        'pools.payments.stopsignal',
        'expected one of TERM, HUP, INT, QUIT, KILL, USR1, USR2',
      ],
      [
        8,
        52,
        'pools.payments.logs.max_bytes',
        'expected a size like 512KiB, 50MiB or 1GiB, got "lots"',
      ],
      [
        8,
        58,
        'pools.payments.logs.colour',
        'unknown key "colour"; allowed: file, stderr, max_bytes, backups',
      ],
      [9, 33, 'pools.payments.env.EMPTY', 'expected a string, got nothing'],
      [11, 14, 'pools.mailer.command', 'unclosed " quote'],
      [12, 12, 'pools.mailer.group', 'must start with a letter or digit'],
      [13, 20, 'pools.mailer.exitcodes[1]', 'must be at most 255, got 256'],
    ],
  },
];

describe('loadConfig reports every mistake with its position', () => {
  for (const { name, yaml, errors } of cases) {
    it(name, () => {
      const file = write(yaml);
      const result = loadConfig(file, {});
      assert.equal(result.config, null);
      const actual = result.errors.map((e) => [e.line, e.column, e.path, e.message]);
      assert.equal(actual.length, errors.length, `got ${JSON.stringify(actual, null, 1)}`);
      errors.forEach(([line, column, path, fragment], i) => {
        const [l, c, p, message] = actual[i]!;
        assert.deepEqual([l, c, p], [line, column, path], `issue ${i}: ${message}`);
        assert.ok(String(message).includes(fragment), `"${message}" should contain "${fragment}"`);
        assert.equal(result.errors[i]!.file, file);
      });
    });
  }
});

describe('loadConfigOrThrow', () => {
  it('throws CREW_CONFIG_INVALID with one detail line per mistake', () => {
    const file = write('pools:\n  a:\n    command: x\n    processes: two\n    bogus: 1\n');
    assert.throws(
      () => loadConfigOrThrow(file, {}),
      (error: unknown) => {
        assert.ok(isCrewError(error));
        assert.equal(error.code, 'CREW_CONFIG_INVALID');
        assert.equal(error.message, `${file} has 2 mistakes`);
        assert.equal(
          error.details[0],
          `${file}:4:16  pools.a.processes  expected a count like 3, a range like 1..4, or {min: 1, max: 4}, got "two"`,
        );
        assert.match(
          error.details[1]!,
          new RegExp(`^${file}:5:5  pools\\.a\\.bogus  unknown key "bogus"`),
        );
        return true;
      },
    );
  });

  it('throws CREW_CONFIG_NOT_FOUND for a missing file', () => {
    const file = join(dir, 'missing.yaml');
    assert.throws(
      () => loadConfigOrThrow(file, {}),
      (error: unknown) =>
        isCrewError(error) &&
        error.code === 'CREW_CONFIG_NOT_FOUND' &&
        error.message === `${file} does not exist`,
    );
  });
});
