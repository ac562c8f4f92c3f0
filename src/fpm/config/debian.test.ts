// Debian's own php-fpm layout, as `apt-get install php-fpm` leaves it: php-fpm.conf with its
// [global] and an absolute include of pool.d/*.conf, whose www.conf is a dynamic pool on a unix
// socket, every other line a comment. Read in place, and edited in memory as `crew plan --apply`
// will: a value rewritten and a missing one added, the comments untouched. Skipped with the
// reason when php-fpm is not installed; failed instead under CI.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fpmInsertionPoint, insertFpmValue, replaceFpmValue } from './edit-value.js';
import { readFpmConfig } from './read-config.js';

const ETC = '/etc/php/8.2/fpm';
const missing = existsSync(`${ETC}/php-fpm.conf`)
  ? null
  : `${ETC}/php-fpm.conf is missing (apt-get install php-fpm)`;
if (missing) console.log(`# skipping Debian's php-fpm files: ${missing}`);
const skip = process.env.CI === 'true' ? false : (missing ?? false);

describe("Debian's php-fpm.conf and pool.d/www.conf", { skip }, () => {
  test('reads as php-fpm 8.2 -t reads it', () => {
    const config = readFpmConfig(`${ETC}/php-fpm.conf`, { env: {}, root: true });
    assert.deepEqual(config.errors, []);
    assert.deepEqual(config.warnings, []);
    assert.deepEqual(config.files, [`${ETC}/php-fpm.conf`, `${ETC}/pool.d/www.conf`]);
    assert.deepEqual(
      [config.global.pid, config.global.errorLog],
      ['/run/php/php8.2-fpm.pid', '/var/log/php8.2-fpm.log'],
    );
    const [pool] = config.pools;
    assert.ok(pool);
    assert.deepEqual(
      [
        pool.name,
        pool.pm,
        pool.maxChildren,
        pool.startServers,
        pool.minSpareServers,
        pool.maxSpareServers,
      ],
      ['www', 'dynamic', 5, 2, 1, 3],
    );
    assert.deepEqual(
      [pool.maxRequests, pool.processIdleTimeoutMs, pool.statusPath, pool.pingPath],
      [0, 10_000, null, null],
    );
    assert.deepEqual(pool.listenAddress, { kind: 'unix', path: '/run/php/php8.2-fpm.sock' });
    assert.deepEqual(
      [pool.user, pool.group, pool.listenOwner, pool.listenGroup],
      ['www-data', 'www-data', 'www-data', 'www-data'],
    );
    const at = pool.entries.get('pm.max_children')?.position;
    assert.equal(at?.file, `${ETC}/pool.d/www.conf`);
    assert.equal(at?.raw, 'pm.max_children = 5');
  });

  test('pm.max_children rewritten and pm.max_requests added, every comment kept', () => {
    const config = readFpmConfig(`${ETC}/php-fpm.conf`, { env: {}, root: true });
    const pool = config.pools[0];
    assert.ok(pool);
    const at = pool.entries.get('pm.max_children')?.position;
    assert.ok(at);
    const text = readFileSync(at.file, 'utf8');
    const rewritten = replaceFpmValue(text, at, '12');
    const after = fpmInsertionPoint(config, pool, 'pm.max_requests');
    assert.equal(after.raw, 'pm.max_spare_servers = 3');
    const edited = insertFpmValue(rewritten, after, 'pm.max_requests', '500');
    const lines = (s: string) => s.split('\n');
    assert.equal(lines(edited).length, lines(text).length + 1);
    assert.deepEqual(
      lines(edited).filter((line) => !lines(text).includes(line)),
      ['pm.max_children = 12', 'pm.max_requests = 500'],
    );
    assert.deepEqual(
      lines(text).filter((line) => line.startsWith(';')),
      lines(edited).filter((line) => line.startsWith(';')),
    );
  });
});
