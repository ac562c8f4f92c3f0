// Reading php-fpm's files as php-fpm does: sections, pools reopened, $pool, typed settings with
// php-fpm's defaults and positions (read-refusals.test.ts has what php-fpm refuses).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fpmReader, POOL } from './test-support/fpm-reader.js';

const { dir, read, messages } = fpmReader('crew-fpm-read-');

describe('pools and their settings', () => {
  test('typed values with php-fpm defaults, and where each key is', () => {
    const config = read(
      '[global]\nerror_log = /dev/stderr\n\n[www]\nuser = nobody\nlisten = 9000\npm = dynamic\npm.max_children   = 10 ; ten\npm.min_spare_servers = 2\npm.max_spare_servers = 7\n',
    );
    assert.deepEqual(config.errors, []);
    const [pool] = config.pools;
    assert.ok(pool);
    assert.deepEqual(
      [
        pool.name,
        pool.pm,
        pool.maxChildren,
        pool.startServers,
        pool.maxRequests,
        pool.processIdleTimeoutMs,
      ],
      ['www', 'dynamic', 10, 4, 0, 10_000],
    );
    assert.deepEqual(
      [pool.maxSpawnRate, pool.clearEnv, pool.decorateWorkersOutput, pool.catchWorkersOutput],
      [32, true, true, false],
    );
    assert.deepEqual(pool.listenAddress, { kind: 'tcp', host: null, port: 9000 });
    assert.deepEqual(pool.entries.get('pm.max_children')?.position, {
      file: `${dir.dir}/php-fpm.conf`,
      line: 8,
      column: 1,
      raw: 'pm.max_children   = 10 ; ten',
    });
    assert.equal(pool.header.line, 4);
    assert.equal(config.global.errorLog, '/dev/stderr');
  });

  test('keys match in any case; [Global] and [WWW] reopen what [global] and [www] opened', () => {
    const config = read(
      '[WWW]\nUSER = nobody\n[Global]\nlog_level = Debug\n[www]\nListen = 9000\nPM = Static\nPM.MAX_children = 3\n',
    );
    assert.deepEqual(config.errors, []);
    assert.deepEqual(
      config.pools.map((pool) => [pool.name, pool.pm, pool.listen]),
      [['WWW', 'static', '9000']],
    );
    assert.equal(config.global.logLevel, 'debug');
    assert.match(messages(config, 'warnings')[0] ?? '', /^5: \[www\] opens the pool \[WWW\] again/);
  });

  test('$pool becomes the pool name in strings and arrays, and is refused in [global]', () => {
    const config = read(
      `[lemper]\nuser = nobody\nlisten = run/$pool.sock\npm = ondemand\npm.max_children = 3\nslowlog = log/$pool.slow\nenv[P] = $pool\npm.status_listen = 127.0.0.1:9001\n`,
    );
    const [pool] = config.pools;
    assert.deepEqual(
      [pool?.listen, pool?.slowlog, pool?.env.get('P'), pool?.statusPath],
      [`${dir.dir}/run/lemper.sock`, `${dir.dir}/log/lemper.slow`, 'lemper', '/'],
    );
    assert.deepEqual(messages(read(`pid = /run/$pool.pid\n${POOL}`)), [
      '1: pid uses $pool outside a pool section, which php-fpm refuses',
    ]);
  });

  test('a pool prefix moves its relative paths', () => {
    const [pool] = read(
      '[www]\nprefix = /srv\nuser = nobody\nlisten = $pool.sock\npm = static\npm.max_children = 1\n',
    ).pools;
    assert.equal(pool?.listen, '/srv/www.sock');
  });

  test('a setting written twice: the last one counts; an array entry written twice: the first', () => {
    const config = read(
      `${POOL}pm.max_children = 4\nenv[X] = 1\nenv[X] = 2\nphp_flag[display_errors] = on\naccess.suppress_path[] = /ping\n`,
    );
    const [pool] = config.pools;
    assert.deepEqual(
      pool?.accessSuppressPaths.map((entry) => entry.value),
      ['/ping'],
    );
    assert.deepEqual(
      [pool?.maxChildren, pool?.env.get('X'), pool?.phpValues.get('display_errors')],
      [4, '1', '1'],
    );
    assert.equal(pool?.entries.get('pm.max_children')?.position.line, 6);
    assert.deepEqual(
      messages(config, 'warnings').map((m) => m.split(' (')[0]),
      ['6: pm.max_children is set again', '8: env[X] is set again'],
    );
  });
});
