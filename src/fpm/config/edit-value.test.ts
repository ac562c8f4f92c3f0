// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in INI text is what this file tests
// Rewriting one value in place and adding a missing setting: everything else in the file stays
// byte for byte, and php-fpm reads the new value back exactly. Every setting of every corpus
// file is rewritten once.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { corpusDir, corpusSkip } from '../../config/test-support/corpus.js';
import {
  formatFpmValue,
  fpmInsertionPoint,
  insertFpmValue,
  replaceFpmValue,
} from './edit-value.js';
import { type IniEntryStatement, parseIniLine } from './ini-line.js';
import { readFpmConfig } from './read-config.js';
import type { FpmPosition } from './types.js';

const dir = configDir('crew-fpm-edit-');

function positionOf(text: string, line: number, column = 1): FpmPosition {
  const raw = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  return { file: 'php-fpm.conf', line, column, raw };
}

describe('formatFpmValue', () => {
  test('bare when php-fpm reads it back as is, quoted otherwise', () => {
    const cases: [string, string][] = [
      ['12', '12'],
      ['/run/php/php8.2-fpm.sock', '/run/php/php8.2-fpm.sock'],
      ['127.0.0.1:9000', '127.0.0.1:9000'],
      ['a b', '"a b"'],
      ['yes', '"yes"'],
      ['E_ALL', '"E_ALL"'],
      ['', '""'],
      ['x;y', '"x;y"'],
      ['say "hi"\\', '"say \\"hi\\"\\\\"'],
      ['${HOME}', '"\\${HOME}"'],
      ['[::]:9001', '"[::]:9001"'],
    ];
    for (const [value, written] of cases) assert.equal(formatFpmValue(value), written, value);
    assert.equal(formatFpmValue('www-data', "'"), "'www-data'");
    assert.throws(() => formatFpmValue('a\nb'));
  });
});

describe('replaceFpmValue', () => {
  test('keeps the key, spacing, comment and line endings', () => {
    const text = '[www]\r\npm.max_children   =   10   ; ten children\r\npm = dynamic\r\n';
    const edited = replaceFpmValue(text, positionOf(text, 2), '12');
    assert.equal(edited, '[www]\r\npm.max_children   =   12   ; ten children\r\npm = dynamic\r\n');
  });

  test("keeps the value's quotes, and a trailing ; stays a comment", () => {
    const text = "user = 'www-data'\npm.process_idle_timeout = 10s;\nkey =; empty\n";
    let edited = replaceFpmValue(text, positionOf(text, 1), 'nobody');
    edited = replaceFpmValue(edited, positionOf(edited, 2), '20s');
    edited = replaceFpmValue(edited, positionOf(edited, 3), 'x');
    assert.equal(edited, "user = 'nobody'\npm.process_idle_timeout = 20s;\nkey =x ; empty\n");
  });

  test('an entry after a section header on the same line, and an array entry', () => {
    const text = '[www] pm.max_children = 3\nphp_admin_value[memory_limit] = 128M ; per child';
    const edited = replaceFpmValue(text, positionOf(text, 1, 7), '4');
    const again = replaceFpmValue(edited, positionOf(edited, 2), '256M');
    assert.equal(
      again,
      '[www] pm.max_children = 4\nphp_admin_value[memory_limit] = 256M ; per child',
    );
  });

  test('refuses a line that changed since it was read', () => {
    const text = 'pm.max_children = 10\n';
    const stale = { ...positionOf(text, 1), raw: 'pm.max_children = 9' };
    assert.throws(() => replaceFpmValue(text, stale, '12'), /has changed since crew read it/);
  });
});

describe('insertFpmValue', () => {
  test('after the pool family of the key, with the line ending of the file', () => {
    const text =
      '[www]\r\nuser = www-data\r\npm = dynamic\r\npm.max_children = 5\r\n\r\n[other]\r\n';
    const file = dir.write('insert.conf', text);
    const config = readFpmConfig(file, { env: {}, root: true });
    const pool = config.pools[0];
    assert.ok(pool);
    const at = fpmInsertionPoint(config, pool, 'pm.max_requests');
    assert.equal(at.line, 4);
    const edited = insertFpmValue(text, at, 'pm.max_requests', '500');
    assert.equal(edited, text.replace('= 5\r\n', '= 5\r\npm.max_requests = 500\r\n'));
    assert.equal(fpmInsertionPoint(config, pool, 'slowlog').line, 4);
  });

  test('after the last line of a file without a final newline, keeping it without one', () => {
    const text = '[www]\n  env[A]=b';
    assert.equal(
      insertFpmValue(text, positionOf(text, 2, 3), 'env[C]', 'd e'),
      '[www]\n  env[A]=b\n  env[C]="d e"',
    );
  });

  test("after a pool's header when it has no settings", () => {
    const text = '[www]\n\n[b]\nlisten = 9001\n';
    assert.equal(
      insertFpmValue(text, positionOf(text, 1), 'listen', '9000'),
      '[www]\nlisten = 9000\n\n[b]\nlisten = 9001\n',
    );
  });
});

describe('every setting of every corpus file, rewritten', { skip: corpusSkip }, () => {
  const env = { PHP_FPM_POOL_NAME: 'app', PHP_FPM_PM_CONTROL: 'dynamic' };
  const values = ['42', 'a b;c', "it's", '${X}', 'yes', 'E_ALL', '', '/x/$pool.sock'];
  for (const name of readdirSync(join(corpusDir, 'php-fpm')).sort()) {
    test(name, () => {
      const file = join(corpusDir, 'php-fpm', name);
      const text = readFileSync(file, 'utf8');
      // The header-less laradock file is read as its image reads it: after a [www] header.
      const main = name.startsWith('laradock')
        ? dir.write('main.conf', `[www]\ninclude = ${file}\n`)
        : file;
      const config = readFpmConfig(main, { env, root: false });
      const entries = [config.global.entries, ...config.pools.map((pool) => pool.entries)]
        .flatMap((map) => [...map.values()])
        .filter((entry) => entry.position.file === file);
      assert.ok(entries.length > 0, 'no settings read');
      entries.forEach((entry, index) => {
        const value = values[index % values.length] as string;
        const edited = replaceFpmValue(text, entry.position, value).split('\n');
        const before = text.split('\n');
        assert.equal(edited.length, before.length);
        edited.forEach((line, i) => {
          if (i !== entry.position.line - 1) assert.equal(line, before[i]);
        });
        const statement = parseIniLine(
          edited[entry.position.line - 1] as string,
          {},
        ).statements.find(
          (s): s is IniEntryStatement => s.kind === 'entry' && s.column === entry.position.column,
        );
        assert.equal(statement?.value, value, `${entry.key} at line ${entry.position.line}`);
      });
    });
  }
});
