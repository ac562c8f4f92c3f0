import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCommand, splitCommand } from './command.js';

describe('splitCommand', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['   ', []],
    [
      'php artisan queue:work --queue=payments',
      ['php', 'artisan', 'queue:work', '--queue=payments'],
    ],
    ['  a \t b\n c  ', ['a', 'b', 'c']],
    ["echo 'hello world'", ['echo', 'hello world']],
    ["echo 'a \\ \" $HOME'", ['echo', 'a \\ " $HOME']],
    ['echo "hello  world"', ['echo', 'hello  world']],
    ['echo "a \\" b"', ['echo', 'a " b']],
    ['echo "\\\\ \\$HOME \\`x\\`"', ['echo', '\\ $HOME `x`']],
    ['echo "\\n\\t"', ['echo', '\\n\\t']],
    ['echo "$HOME"', ['echo', '$HOME']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo \\"x\\\'', ['echo', '"x\'']],
    ['echo a"b"\'c\'d', ['echo', 'abcd']],
    ['echo \'\' "" x', ['echo', '', '', 'x']],
    ['php artisan \\\n  queue:work', ['php', 'artisan', 'queue:work']],
    ['echo "a\\\nb"', ['echo', 'ab']],
    ['echo # not a comment', ['echo', '#', 'not', 'a', 'comment']],
    ['sh -c "sleep 1; exit 3"', ['sh', '-c', 'sleep 1; exit 3']],
  ];
  for (const [input, argv] of cases) {
    it(`splits ${JSON.stringify(input)}`, () => {
      assert.deepEqual(splitCommand(input), argv);
    });
  }

  const bad: [string, RegExp][] = [
    ["echo 'abc", /unclosed ' quote \(opened at character 6\)/],
    ['echo "abc', /unclosed " quote \(opened at character 6\)/],
    ['echo "abc\\"', /unclosed " quote/],
    ['echo abc\\', /backslash at the end/],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(() => splitCommand(input), message);
    });
  }
});

describe('formatCommand', () => {
  const cases: [string[], string][] = [
    [
      ['php', 'artisan', 'queue:work', '--queue=payments'],
      'php artisan queue:work --queue=payments',
    ],
    [['sh', '-c', 'sleep 1; exit 3'], "sh -c 'sleep 1; exit 3'"],
    [['echo', ''], "echo ''"],
    [['echo', "it's"], `echo 'it'"'"'s'`],
  ];
  for (const [argv, line] of cases) {
    it(`joins ${JSON.stringify(argv)} into a line that splits back`, () => {
      assert.equal(formatCommand(argv), line);
      assert.deepEqual(splitCommand(line), argv);
    });
  }
});
