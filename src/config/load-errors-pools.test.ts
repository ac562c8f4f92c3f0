// Mistakes in a pool's own fields: unknown keys, wrong types and units, memory, recycling and
// its command.
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const cases: ErrorCase[] = [
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
        'needs command: (the program to run), handlers: (a module of Node job handlers) or fpm: (a php-fpm.conf)',
      ],
    ],
  },
  {
    name: 'an unclosed quote',
    yaml: "pools:\n  a:\n    command: php artisan 'queue:work\n",
    errors: [[3, 14, 'pools.a.command', "unclosed ' quote (opened at character 13)"]],
  },
  {
    name: 'shell: true with an argv list',
    yaml: 'pools:\n  a:\n    command: [sleep, 5]\n    shell: true\n',
    errors: [[4, 12, 'pools.a.shell', 'write command as a string, not a list']],
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

describeLoadErrors(cases);
