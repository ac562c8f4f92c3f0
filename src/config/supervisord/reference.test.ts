// The design's reference deployment: seven Laravel queue programs under supervisord,
// 17 workers in one group, imported to crew.yaml and loaded back by crew's own loader.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../load.js';
import { processNamesOf } from '../process-names.js';
import { importSupervisord } from './import.js';

const queues: readonly [string, number][] = [
  ['default', 2],
  ['router-checks', 2],
  ['router-data', 3],
  ['log-rotation', 1],
  ['payments', 4],
  ['provisioning', 3],
  ['dashboard', 2],
];

const program = ([queue, workers]: [string, number]) => `[program:laravel-queue-${queue}]
process_name=%(program_name)s_%(process_num)02d
command=php artisan queue:work database --queue=${queue} --sleep=3 --tries=3
directory=/var/www/html
autostart=true
autorestart=true
stopasgroup=true
killasgroup=true
numprocs=${workers}
redirect_stderr=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
stopwaitsecs=3600
`;

const supervisordConf = `[supervisord]
nodaemon=true
logfile=/dev/null
logfile_maxbytes=0

${queues.map(program).join('\n')}
[group:laravel-queues]
programs=${queues.map(([queue]) => `laravel-queue-${queue}`).join(',')}
`;

const dir = mkdtempSync(join(tmpdir(), 'crew-reference-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the reference deployment round trip', () => {
  const file = join(dir, 'supervisord.conf');
  writeFileSync(file, supervisordConf);
  const result = importSupervisord(file, {});

  it('imports seven pools with their worker counts, all in the laravel-queues group', () => {
    assert.deepEqual(
      result.pools.map((pool) => [pool.name, pool.processes, pool.group]),
      queues.map(([queue, workers]) => [`laravel-queue-${queue}`, workers, 'laravel-queues']),
    );
    assert.equal(
      result.pools.reduce((sum, pool) => sum + pool.processes, 0),
      17,
    );
    assert.deepEqual(result.warnings, []);
  });

  it('keeps the command, the process names and the stop behaviour', () => {
    const payments = result.pools.find((pool) => pool.name === 'laravel-queue-payments');
    assert.equal(
      payments?.command,
      'php artisan queue:work database --queue=payments --sleep=3 --tries=3',
    );
    assert.equal(payments?.processName, '{pool}_{num:02}');
    assert.deepEqual(
      [payments?.killTree, payments?.stopwaitsecs, payments?.logs],
      [true, 3600, { kind: 'stdout' }],
    );
  });

  it("loads with crew's loader without errors, naming processes as supervisord did", () => {
    const yamlFile = join(dir, 'crew.yaml');
    writeFileSync(yamlFile, result.yaml);
    const { config, errors } = loadConfig(yamlFile, {});
    assert.deepEqual(errors, []);
    assert.deepEqual(
      config?.pools.map((pool) => [
        pool.name,
        pool.processes,
        pool.group,
        pool.stopTimeoutMs,
        pool.killTree,
      ]),
      queues.map(([queue, workers]) => [
        `laravel-queue-${queue}`,
        workers,
        'laravel-queues',
        3_600_000,
        true,
      ]),
    );
    const payments = config?.pools.find((pool) => pool.name === 'laravel-queue-payments');
    assert.deepEqual(
      payments && processNamesOf(payments),
      [0, 1, 2, 3].map((n) => `laravel-queue-payments_0${n}`),
    );
    assert.deepEqual(payments?.argv, [
      'php',
      'artisan',
      'queue:work',
      'database',
      '--queue=payments',
      '--sleep=3',
      '--tries=3',
    ]);
  });
});
