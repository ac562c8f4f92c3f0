// An fpm: pool in crew.yaml: php-fpm's own config read with it (pm settings, status address,
// file:line of its mistakes), the master's command and stop signal, the rules against fields an
// FPM master cannot take, the budget's worst case and check warning, and a reload that changes
// FPM's file taken by USR2 instead of a restart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signalsGroup } from '../supervise/signals.js';
import { describeDiff, diffConfigs, needsRestart, reloadSignalOf } from './diff.js';
import { fpmBudgetIssues } from './fpm-budget.js';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';

const { dir, write } = configDir('crew-fpm-config-');
const MiB = 1024 ** 2;

const WWW = (maxChildren: number, extra: string[] = []) =>
  [
    '[global]',
    'process_control_timeout = 20s',
    '[www]',
    'user = www-data',
    `listen = ${dir}/www.sock`,
    '; tuned by hand',
    'pm = dynamic',
    `pm.max_children = ${maxChildren}`,
    'pm.start_servers = 2',
    'pm.min_spare_servers = 1',
    'pm.max_spare_servers = 3',
    'pm.status_path = /fpm-status',
    ...extra,
    '',
  ].join('\n');

const crew = (pool: string[], top: string[] = []) =>
  [...top, 'pools:', '  web:', ...pool.map((line) => `    ${line}`), ''].join('\n');

function load(yaml: string) {
  return loadConfig(write('crew.yaml', yaml), { PATH: '/usr/sbin:/usr/bin' });
}

describe('an fpm: pool in crew.yaml', () => {
  test('the short form: the master runs in the foreground, stops on QUIT, FPM pools read', () => {
    write('php-fpm.conf', WWW(10));
    const { config, errors } = load(crew(['fpm: php-fpm.conf']));
    assert.deepEqual(errors, []);
    const web = config!.pools[0]!;
    assert.deepEqual(web.argv.slice(1), [
      '--nodaemonize',
      '--force-stderr',
      '--fpm-config',
      `${dir}/php-fpm.conf`,
    ]);
    assert.match(web.argv[0]!, /php-fpm/);
    assert.equal(web.stopsignal, 'SIGQUIT');
    assert.equal(web.processes, 1);
    assert.deepEqual(web.fpm!.pools, [
      {
        name: 'www',
        pm: 'dynamic',
        maxChildren: 10,
        startServers: 2,
        minSpareServers: 1,
        maxSpareServers: 3,
        maxRequests: 0,
        processIdleTimeoutMs: 10_000,
        statusListen: `${dir}/www.sock`,
        statusPath: '/fpm-status',
        pingPath: null,
        maxChildrenAt: { file: `${dir}/php-fpm.conf`, line: 8 },
      },
    ]);
    assert.equal(web.fpm!.statusIntervalMs, 2000);
    // Signals go to the master alone: its children die on a USR1 or USR2 of their own.
    assert.equal(signalsGroup(web), false);
    assert.equal(signalsGroup({ ...web, fpm: null }), true);
  });

  test("php-fpm's mistakes are reported at its file:line, under the pool's fpm: path", () => {
    write('bad.conf', WWW(10, ['pm.max_spare_servers = 30', 'access.log = /proc/self/fd/2']));
    const { config, errors } = load(
      crew(['fpm: { config: bad.conf, binary: /usr/sbin/php-fpm8.2 }']),
    );
    assert.equal(config, null);
    const messages = errors.map((e) => `${e.line}: ${e.message}`).join('\n');
    assert.match(
      messages,
      /^14: access\.log = \/proc\/self\/fd\/2: under crew, php-fpm's stdout and stderr are sockets/m,
    );
    assert.match(messages, /pm\.max_spare_servers/);
    assert.ok(errors.every((e) => e.file === `${dir}/bad.conf` && e.path === 'pools.web.fpm'));
  });

  test('a missing php-fpm.conf is a mistake at the fpm: value', () => {
    const { errors } = load(crew(['fpm: nowhere.conf']));
    assert.deepEqual(
      errors.map((e) => [e.line, e.column, e.path]),
      [[3, 10, 'pools.web.fpm']],
    );
    assert.match(
      errors[0]!.message,
      /nowhere\.conf does not exist; give the path of php-fpm\.conf/,
    );
  });

  test('fields an FPM master cannot take are refused', () => {
    write('php-fpm.conf', WWW(10));
    const { errors } = load(
      crew([
        'fpm: php-fpm.conf',
        'processes: 3',
        'stopsignal: USR2',
        'backlog: { source: "sqlite:x.db", queues: [a] }',
      ]),
    );
    assert.deepEqual(
      errors.map((e) => [e.line, e.path]),
      [
        [4, 'pools.web.processes'],
        [5, 'pools.web.stopsignal'],
        [6, 'pools.web.backlog'],
      ],
    );
    assert.match(errors[0]!.message, /one php-fpm master, which keeps its own children/);
    assert.match(errors[1]!.message, /php-fpm stops on QUIT \(gracefully\) or TERM\/INT/);
  });

  test('process_control_timeout 0 (the default) warns: a graceful reload would cut requests', () => {
    write('zero.conf', WWW(10).replace('process_control_timeout = 20s', ''));
    const zero = load(crew(['fpm: zero.conf']));
    assert.ok(zero.config);
    assert.match(
      zero.warnings.map((w) => w.message).join('\n'),
      /process_control_timeout is 0 \(php-fpm's default\), so a graceful reload .* ends the requests under way at once/,
    );
    write('long.conf', WWW(10).replace('20s', '30s'));
    const long = load(crew(['fpm: long.conf', 'stop_timeout: 10s']));
    const warning = long.warnings.find((w) => w.message.startsWith('process_control_timeout'))!;
    assert.deepEqual([warning.file, warning.line], [`${dir}/long.conf`, 2]);
    assert.match(warning.message, /\(30s\) is not below the pool's stop_timeout \(10s\)/);
  });

  test("the budget holds the worst case; check warns at pm.max_children's line when it cannot fit", () => {
    write('php-fpm.conf', WWW(10));
    const yaml = [
      'budget: 300MiB',
      'pools:',
      '  payments:',
      '    command: php artisan queue:work --queue=payments',
      '    processes: 2',
      '    critical: true',
      '    expect_memory: 48MiB',
      '  web:',
      '    fpm: php-fpm.conf',
      '    expect_memory: 45MiB',
      '',
    ].join('\n');
    const { config } = load(yaml);
    const issues = fpmBudgetIssues(config!, {
      budgetBytes: 300 * MiB,
      otherBytes: 0,
      costOf: (pool) => pool.expectMemoryBytes,
    });
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.path]),
      [[`${dir}/php-fpm.conf`, 8, 'pools.web.fpm']],
    );
    assert.equal(
      issues[0]!.message,
      "[www] pm.max_children = 10: at 45 MiB a child, with the master, web can reach 495 MiB, which does not fit the budget of 300 MiB beside the critical pools' minimums (payments 2 × 48 MiB); the budget has room for 3 children beside the master (crew plan recommends pm settings)",
    );
    write('php-fpm.conf', WWW(3));
    const fits = load(yaml).config!;
    assert.deepEqual(
      fpmBudgetIssues(fits, {
        budgetBytes: 300 * MiB,
        otherBytes: 0,
        costOf: (p) => p.expectMemoryBytes,
      }),
      [],
    );
  });

  test("a reload that changes only FPM's file is FPM's graceful reload, not a restart", () => {
    write('php-fpm.conf', WWW(10));
    const before = load(crew(['fpm: php-fpm.conf'])).config!;
    write('php-fpm.conf', WWW(6));
    const after = load(crew(['fpm: php-fpm.conf'])).config!;
    const diff = diffConfigs(before, after);
    const web = diff.pools[0]!;
    assert.equal(needsRestart(web), false);
    assert.equal(reloadSignalOf(web), 'SIGUSR2');
    assert.deepEqual(describeDiff(diff), ['web: changed php-fpm (www pm.max_children 10→6)']);
    // A comment changed: FPM reloads all the same (its files differ), in other words.
    write('php-fpm.conf', WWW(6).replace('; tuned by hand', '; tuned by crew'));
    const comment = diffConfigs(after, load(crew(['fpm: php-fpm.conf'])).config!);
    assert.deepEqual(describeDiff(comment), ['web: changed php-fpm (files changed)']);
    // Another php-fpm.conf is another command line: a restart.
    write('other.conf', WWW(6));
    const moved = diffConfigs(after, load(crew(['fpm: other.conf'])).config!).pools[0]!;
    assert.equal(needsRestart(moved), true);
    assert.equal(reloadSignalOf(moved), null);
  });
});
