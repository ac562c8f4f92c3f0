// What php-fpm refuses while it reads its files, each at its line (each case here was run
// through php-fpm 8.2 -t; php-fpm.test.ts re-runs a set of them against the real thing).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { fpmConfigError } from './issue.js';
import { readFpmConfig } from './read-config.js';
import { fpmReader, POOL } from './test-support/fpm-reader.js';

const { dir, read, messages } = fpmReader('crew-fpm-refusals-');

describe('what php-fpm refuses while reading', () => {
  const cases: [string, string, RegExp][] = [
    ['a # comment', `${POOL}# a comment\n`, /^6: "# a comment" is not key = value/],
    ['an unknown pm', POOL.replace('static', 'auto'), /^4: pm = "auto" is not a process manager/],
    [
      'a non-numeric max_children',
      POOL.replace('= 3', '= ten'),
      /^5: pm.max_children = "ten" is not a whole number/,
    ],
    [
      'a time with an unknown unit',
      `${POOL}request_terminate_timeout = 10S\n`,
      /^6: request_terminate_timeout = "10S" has a unit/,
    ],
    [
      'a quoted "yes" with capitals',
      `${POOL}catch_workers_output = "Yes"\n`,
      /^6: catch_workers_output = "Yes" is not yes or no/,
    ],
    [
      'an unknown key',
      `${POOL}pm.max_childs = 3\n`,
      /^6: php-fpm has no pool setting named pm.max_childs/,
    ],
    ['a global key in a pool', `${POOL}pid = /run/x.pid\n`, /^6: pid is a \[global\] setting/],
    [
      'a pool key in [global]',
      `pm = static\n${POOL}`,
      /^1: pm is a pool setting, but no \[pool\] header/,
    ],
    ['an array in [global]', `env[A] = b\n${POOL}`, /^1: env\[A\] belongs in a pool section/],
    ['an array without a key', `${POOL}env[] = b\n`, /^6: env\[\] needs a key/],
    [
      'Env[] in capitals',
      `${POOL}Env[A] = b\n`,
      /^6: php-fpm has no setting named Env\[\.\.\.\] \(write env/,
    ],
    ['an empty env value', `${POOL}env[A] =\n`, /^6: env\[A\] is empty/],
    [
      'a php_flag that is not yes or no',
      `${POOL}php_flag[a] = 2\n`,
      /^6: php_flag\[a\] = "2" is not yes or no/,
    ],
    [
      'access.suppress_path with a key',
      `${POOL}access.suppress_path[a] = /x\n`,
      /^6: access.suppress_path\[a\]: write access.suppress_path\[\]/,
    ],
    ['a byte-order mark', `\uFEFF${POOL}`, /^1: the file starts with a byte-order mark/],
    [
      'Include in capitals',
      `${POOL}Include = /x\n`,
      /^6: php-fpm has no pool setting named Include/,
    ],
  ];
  for (const [what, text, message] of cases) {
    test(what, () => {
      const found = messages(read(text));
      assert.ok(
        found.some((m) => message.test(m)),
        found.join('\n'),
      );
    });
  }

  test('a file of pool settings with no header: one error for the file', () => {
    const config = read('user = nobody\nlisten = 9000\nenv[A] = b\npm = static\n');
    assert.deepEqual(
      messages(config).map((m) => m.slice(0, 12)),
      ['1: user is a', '1: no pool i'],
    );
  });

  test('a main file that does not exist is a coded error', () => {
    assert.throws(
      () => readFpmConfig(`${dir.dir}/missing.conf`),
      (error) =>
        isCrewError(error) &&
        error.code === 'CREW_FPM_CONFIG_INVALID' &&
        /does not exist/.test(error.message),
    );
  });

  test('the coded error lists file:line:column: message', () => {
    const config = read(`${POOL}pm.max_childs = 3\n`);
    const error = fpmConfigError(config.errors);
    assert.equal(error.code, 'CREW_FPM_CONFIG_INVALID');
    assert.deepEqual(error.details, [
      `${dir.dir}/php-fpm.conf:6:1: php-fpm has no pool setting named pm.max_childs`,
    ]);
  });
});
