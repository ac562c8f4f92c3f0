// include = as php-fpm follows it: globs as glibc expands them, relative to the prefix (not to
// the including file), read right after the include line, at most 5 files in a chain; a glob
// over a directory that does not exist is refused, one that matches nothing only warned about.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { globInclude, segmentRegExp } from './include-glob.js';
import { readFpmConfig } from './read-config.js';

const dir = configDir('crew-fpm-include-');
const POOL = (name: string, port: number) =>
  `[${name}]\nuser = nobody\nlisten = ${port}\npm = static\npm.max_children = 1\n`;

mkdirSync(join(dir.dir, 'pool.d', 'sub.conf'), { recursive: true });
dir.write('pool.d/b.conf', POOL('b', 9002));
dir.write('pool.d/a.conf', POOL('a', 9001));
dir.write('pool.d/.hidden.conf', POOL('hidden', 9003));
dir.write('pool.d/c.txt', POOL('c', 9004));
mkdirSync(join(dir.dir, 'empty'));

const read = (text: string) =>
  readFpmConfig(dir.write('main.conf', text), { env: {}, root: true, prefix: dir.dir });
const lines = (issues: readonly { line: number; message: string }[]) =>
  issues.map((issue) => `${issue.line}: ${issue.message}`);

describe('include', () => {
  test('a relative glob is taken from the prefix; matches are read in order, dot files and directories skipped', () => {
    const config = read('[global]\ninclude = pool.d/*.conf\n');
    assert.deepEqual(config.errors, []);
    assert.deepEqual(
      config.pools.map((pool) => pool.name),
      ['a', 'b'],
    );
    assert.deepEqual(config.files.slice(1), [
      join(dir.dir, 'pool.d/a.conf'),
      join(dir.dir, 'pool.d/b.conf'),
    ]);
  });

  test('a glob matching nothing, or a missing file, is a warning', () => {
    const config = read(
      `${POOL('www', 9000)}include = empty/*.conf\ninclude = /nonexistent/x.conf\n`,
    );
    assert.deepEqual(config.errors, []);
    assert.deepEqual(lines(config.warnings), [
      `6: include = ${dir.dir}/empty/*.conf matches no file; php-fpm goes on without it`,
      '7: include = /nonexistent/x.conf matches no file; php-fpm goes on without it',
    ]);
  });

  test("a glob in a directory that does not exist is refused (the official image's php-fpm.d elsewhere)", () => {
    const config = read(`${POOL('www', 9000)}include=/usr/local/nonexistent/php-fpm.d/*.conf\n`);
    assert.deepEqual(lines(config.errors), [
      '6: include = /usr/local/nonexistent/php-fpm.d/*.conf: the directory /usr/local/nonexistent/php-fpm.d cannot be listed, and php-fpm refuses to start',
    ]);
  });

  test('an included file without a header continues the section left open before it', () => {
    dir.write(
      'headerless.conf',
      'pm = dynamic\npm.max_children = 4\npm.min_spare_servers = 1\npm.max_spare_servers = 2\n',
    );
    const config = read('[www]\nuser = nobody\nlisten = 9000\ninclude = headerless.conf\n');
    assert.deepEqual(config.errors, []);
    assert.deepEqual(
      config.pools.map((pool) => [pool.name, pool.pm, pool.maxChildren]),
      [['www', 'dynamic', 4]],
    );
    assert.match(
      lines(config.warnings)[0] ?? '',
      /^1: this file has no \[section\] header, so its settings join pool \[www\]/,
    );
    assert.equal(
      config.pools[0]?.entries.get('pm')?.position.file,
      join(dir.dir, 'headerless.conf'),
    );
  });

  test('a chain of 5 files is read; a sixth, or a file including itself, is refused', () => {
    for (let n = 1; n <= 6; n += 1) dir.write(`chain${n}.conf`, `include = chain${n + 1}.conf\n`);
    dir.write('chain7.conf', POOL('end', 9000));
    const five = readFpmConfig(join(dir.dir, 'chain3.conf'), {
      env: {},
      root: true,
      prefix: dir.dir,
    });
    assert.deepEqual(five.errors, []);
    const six = readFpmConfig(join(dir.dir, 'chain2.conf'), {
      env: {},
      root: true,
      prefix: dir.dir,
    });
    assert.match(
      lines(six.errors)[0] ?? '',
      /^1: include = .*chain7.conf: includes nest more than 5 files deep/,
    );
    dir.write('self.conf', `${POOL('www', 9000)}include = self.conf\n`);
    const self = readFpmConfig(join(dir.dir, 'self.conf'), {
      env: {},
      root: true,
      prefix: dir.dir,
    });
    assert.equal(self.errors.length, 1);
  });
});

describe('the glob', () => {
  test('fnmatch classes: [!x] and [^x] negate, \\ escapes, an unclosed [ is literal', () => {
    assert.ok(segmentRegExp('[!a]*.conf').test('b.conf'));
    assert.ok(!segmentRegExp('[^a]*.conf').test('a.conf'));
    assert.ok(segmentRegExp('\\*.conf').test('*.conf'));
    assert.ok(!segmentRegExp('\\*.conf').test('x.conf'));
    assert.ok(segmentRegExp('a[b.conf').test('a[b.conf'));
  });

  test('a wildcard directory in the middle of a pattern', () => {
    const found = globInclude(join(dir.dir, '*', '[ab].conf'));
    assert.deepEqual(found, {
      paths: [join(dir.dir, 'pool.d/a.conf'), join(dir.dir, 'pool.d/b.conf')],
    });
  });
});
