// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in INI text is what this file tests
// PHP's INI dialect as php-fpm reads a line. Every expected value here is what php-fpm 8.2 -tt
// printed for the same line (php-fpm.test.ts checks a set of them against the real thing).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type IniEntryStatement, parseIniLine } from './ini-line.js';

const env = { HOME: '/root', EMPTY: '' };

function readValue(line: string): string | null {
  const parsed = parseIniLine(line, env);
  assert.equal(parsed.error, null, `${line}: ${parsed.error?.message}`);
  const entry = parsed.statements.find((s): s is IniEntryStatement => s.kind === 'entry');
  return entry?.value ?? null;
}

function errorOf(line: string): { column: number; message: string } {
  const { error } = parseIniLine(line, env);
  assert.ok(error, `${line} should be refused`);
  return error;
}

describe('values', () => {
  const cases: [string, string][] = [
    ['key = value', 'value'],
    ['\tkey\t=\tab', 'ab'],
    ['key = a b \t ', 'a b'],
    ['key =', ''],
    ['key = /ping ; a comment', '/ping'],
    ['pm.process_idle_timeout = 10s;', '10s'],
    ['key = "/pi;ng"', '/pi;ng'],
    ["key = 'po;ng'", 'po;ng'],
    [`key = a "b c" 'd e' f`, 'ab cd e f'],
    ['key = "a"   b', 'ab'],
    ["key = 'a'b", 'ab'],
    ['key = "a\\"b\\\\c\\$d\\n"', 'a"b\\c$d\\n'],
    ['key = "C:\\path\\"', 'C:\\path\\'],
    ['key = yes', '1'],
    ['key = YES', '1'],
    ['key = On', '1'],
    ['key = None', ''],
    ['key = null', ''],
    ['key = "yes"', 'yes'],
    ['key = yesterday', 'yesterday'],
    ['key = E_ALL & ~E_NOTICE', '32759'],
    ['key = E_ALL & ~E_DEPRECATED & ~E_STRICT', '22527'],
    ['key = "E_ALL"', 'E_ALL'],
    ['key = dynamic', 'dynamic'],
    ['key =  1 | 2 ', '3'],
    ['key = (1|2)&3', '3'],
    ['key = !0', '1'],
    ['key = ~abc', '-1'],
    ['key = 4294967297 | 0', '1'],
    ['key = 010 | 0', '10'],
    ['key = -0012.50', '-0012.50'],
    ['key = ${HOME}/x', '/root/x'],
    ['key = "${HOME}/x"', '/root/x'],
    ["key = '${HOME}/x'", '${HOME}/x'],
    ['key = x${ HOME }y', 'x/rooty'],
    ['key = ${NOPE}', ''],
    ['key = a$pool.b', 'a$pool.b'],
    ['key = a$', 'a$'],
    ["key = abc'def", 'abc'],
    ['listen = [::]:9001', '[::]:9001'],
    ['env[X] = $VAR', '$VAR'],
    ['access.format = \'{ "t": "%{%Y}T", "cpu": "%C%%" }\'', '{ "t": "%{%Y}T", "cpu": "%C%%" }'],
  ];
  for (const [line, value] of cases) {
    test(`${line} reads as ${JSON.stringify(value)}`, () => assert.equal(readValue(line), value));
  }

  test('an unset ${VAR} is empty and reported', () => {
    const parsed = parseIniLine('a = ${NOPE}${HOME}${ALSO}', env);
    assert.deepEqual(parsed.unset, ['NOPE', 'ALSO']);
  });

  test('a lone quote ends the scan: the rest of the line is ignored', () => {
    const parsed = parseIniLine("key = abc'def = [x]", env);
    assert.equal(parsed.cutAt, 9);
    assert.equal(parsed.statements.length, 1);
  });
});

describe('refused lines', () => {
  const cases: [string, number, RegExp][] = [
    ['key = a=b', 8, /'=' inside a value must be quoted/],
    ['key = pong!', 11, /operators/],
    ['key = po(ng)', 9, /operators/],
    ['key = a|', 9, /operators/],
    ['key = a yes', 9, /must stand alone/],
    ['key = turn on now', 12, /must stand alone/],
    ["key = ''", 7, /lone '/],
    ['key = "pong', 7, /not closed on its line/],
    ['key = ${HOME', 7, /\$\{ is not closed/],
    ['[www', 5, /not closed by \]/],
    ['[ww;w]', 4, /";" cannot appear/],
    ['= 3', 1, /cannot start a line/],
    ['on = 3', 1, /yes\/no word/],
    ['env[A]', 7, /expected = after env/],
    ['${HOME} = 3', 1, /cannot start a line/],
  ];
  for (const [line, column, message] of cases) {
    test(`${line} is refused at column ${column}`, () => {
      const error = errorOf(line);
      assert.match(error.message, message);
      assert.equal(error.column, column);
    });
  }
});

describe('statements', () => {
  test('a # comment is a key without a value, as php-fpm reads it', () => {
    const [entry] = parseIniLine('# pm = dynamic', env).statements as IniEntryStatement[];
    assert.deepEqual([entry?.key, entry?.value], ['# pm', 'dynamic']);
    const [bare] = parseIniLine('# a comment', env).statements as IniEntryStatement[];
    assert.deepEqual([bare?.key, bare?.value], ['# a comment', null]);
  });

  test('; comments and blank lines hold nothing', () => {
    for (const line of ['; comment', '   ;x', '', '  \t ']) {
      assert.deepEqual(parseIniLine(line, env).statements, []);
    }
  });

  test('section headers: trailing blanks, inner blanks kept, variables, an entry after', () => {
    const names = ['[www]   ', '[ www ]', '[${HOME}]', '[]', "['a b']", '[a\\]b]'].map(
      (line) => (parseIniLine(line, env).statements[0] as { name: string }).name,
    );
    assert.deepEqual(names, ['www', ' www ', '/root', '', 'a b', 'a\\]b']);
    const both = parseIniLine('[www] user = www-data', env).statements;
    assert.deepEqual(
      both.map((s) => s.kind),
      ['section', 'entry'],
    );
  });

  test('array keys: offsets trimmed before ], constants and variables resolved', () => {
    const offsets = ['env[PATH] = x', 'env[ A B ] = x', 'env[E_ALL] = x', 'env["${HOME}"]=x'].map(
      (line) => (parseIniLine(line, env).statements[0] as IniEntryStatement).offset,
    );
    assert.deepEqual(offsets, ['PATH', 'A B ', '32767', '/root']);
    const [empty] = parseIniLine('access.suppress_path[] = /ping', env).statements;
    assert.deepEqual(
      [(empty as IniEntryStatement).key, (empty as IniEntryStatement).offset],
      ['access.suppress_path', ''],
    );
  });

  test('a lone \\r ends a statement as a newline does', () => {
    const parsed = parseIniLine('[www]\ruser=www-data\rlisten=9000 ', env);
    assert.deepEqual(
      parsed.statements.map((s) => (s.kind === 'entry' ? `${s.key}=${s.value}` : s.name)),
      ['www', 'user=www-data', 'listen=9000'],
    );
  });

  test('the value span is the value as written, without blanks and comments', () => {
    for (const [line, written] of [
      ['pm.max_children   =   10   ; ten', '10'],
      ['pm.process_idle_timeout = 10s;', '10s'],
      ["user = 'www-data'", "'www-data'"],
      ['key =', ''],
      ['key = "a b"  ', '"a b"'],
    ]) {
      const entry = parseIniLine(line as string, env).statements[0] as IniEntryStatement;
      assert.equal((line as string).slice(entry.valueStart, entry.valueEnd), written);
    }
  });
});
