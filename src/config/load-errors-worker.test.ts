// Mistakes in what a pool's workers take jobs from: a backlog's source and tables, and handler
// settings that do not fit the pool.
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const cases: ErrorCase[] = [
  {
    name: 'a handler pool stopped by a signal its worker does not drain on',
    yaml: ['pools:', '  jobs:', '    handlers: ./jobs.js', '    stopsignal: USR2', ''].join('\n'),
    errors: [
      [
        4,
        17,
        'pools.jobs.stopsignal',
        'a pool of handlers stops on TERM or INT (its worker drains on those), got USR2',
      ],
    ],
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
];

describeLoadErrors(cases);
