// crew.yaml files that would make the YAML parser or a later step blow up — alias bombs, alias
// cycles, nesting thousands deep, devices, binary — are refused with a positioned mistake, and a
// file that merges one anchor into a hundred pools still loads.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from './load.js';
import { configDir } from './test-support/config-dir.js';
import { describeLoadErrors, type ErrorCase } from './test-support/load-error-cases.js';

const { write, writeNext } = configDir('crew-yaml-limits-');

const pool = 'pools:\n  a:\n    command: x\n';

// Ten lines that expand to 9^9 strings: each anchor is nine aliases of the one before.
function aliasBomb(): string {
  const lines = ['x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `x-a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${pool}`;
}

// `k:` lines, each indented one column more than the last.
const blockLevels = (n: number) =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('');

const cases: ErrorCase[] = [
  {
    name: 'an alias bomb, at the first anchor that expands past the limit',
    yaml: aliasBomb(),
    errors: [
      [
        6,
        11,
        'x-a5',
        'holds more than 100000 values once its aliases are expanded (an alias bomb?)',
      ],
    ],
  },
  {
    name: 'flow nesting thousands deep, before the parser recurses into it',
    yaml: `${pool}    env: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    errors: [[4, 74, '', 'nests too deeply: crew.yaml nests at most 64 levels']],
  },
  {
    name: 'block lists nested on one line',
    yaml: `x-deep:\n  ${'- '.repeat(50_000)}x\n${pool}`,
    errors: [[2, 131, '', 'nests too deeply']],
  },
  {
    name: 'indentation deeper than any config nests',
    yaml: `x-deep:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n${pool}`,
    errors: [[258, 1, '', 'is indented 257 columns, more than the 256 crew reads']],
  },
  {
    name: 'mappings 65 levels deep, in blocks and flows, at their key path',
    yaml: `x-deep:\n${blockLevels(40)}${' '.repeat(41)}${'{k: '.repeat(25)}1${'}'.repeat(25)}\n${pool}`,
    errors: [[42, 134, `x-deep${'.k'.repeat(63)}`, 'nests too deeply: crew.yaml nests at most 64']],
  },
  {
    name: 'an alias that nests too deeply where it is used',
    yaml: `x-a: &a ${'{k: '.repeat(40)}1${'}'.repeat(40)}\nx-b: ${'{k: '.repeat(30)}*a${'}'.repeat(30)}\n${pool}`,
    errors: [[2, 126, `x-b${'.k'.repeat(30)}`, 'nests too deeply once its aliases are expanded']],
  },
  {
    name: 'an alias inside its own anchor, which never ends',
    yaml: 'pools:\n  a: &a\n    command: x\n    env: { loop: *a }\n',
    errors: [[4, 18, 'pools.a.env.loop', '*a is inside its own anchor &a, so it would never end']],
  },
  {
    name: 'an alias to an anchor that is not defined before it',
    yaml: 'pools:\n  a: *later\n  b: &later { command: x }\n',
    errors: [[2, 6, 'pools.a', '*later refers to no anchor &later before it']],
  },
  {
    name: 'a merge of something that is not a mapping',
    yaml: 'x-one: &one 1\npools:\n  a:\n    <<: *one\n    command: x\n',
    errors: [[4, 9, 'pools.a.<<', 'merges only mappings']],
  },
  {
    name: 'keys that are lists or mappings',
    yaml: 'pools:\n  a:\n    command: x\n    env: { [A, B]: x }\n',
    errors: [
      [4, 12, 'pools.a.env.["A","B"]', 'a key must be a plain value, not a mapping or list'],
    ],
  },
  {
    name: 'a NUL character in a value',
    yaml: 'pools:\n  a:\n    command: "x\\0y"\n',
    errors: [[3, 14, 'pools.a.command', 'holds a NUL character']],
  },
  {
    name: 'a key with terminal escapes, shown escaped',
    yaml: 'pools:\n  a:\n    command: x\n    "\\e[2Jcolour": red\n',
    errors: [[4, 5, 'pools.a."\\u001b[2Jcolour"', 'unknown key "\\u001b[2Jcolour"']],
  },
];

describeLoadErrors(cases);

describe('files that are not YAML text', () => {
  const refusedAt = (file: string) =>
    loadConfig(file, {}).errors.map((e) => [e.line, e.column, e.path, e.message]);

  it('refuses a file larger than 1 MiB without reading the rest', () => {
    const big = writeNext(`${pool}# ${'x'.repeat(1024 ** 2)}\n`);
    assert.deepEqual(refusedAt(big), [[1, 1, '', 'is larger than 1 MiB, the most crew reads']]);
    assert.deepEqual(refusedAt('/dev/zero'), [
      [1, 1, '', 'is larger than 1 MiB, the most crew reads'],
    ]);
  });

  it('refuses NUL bytes and bytes that are not UTF-8, at their line', () => {
    const nul = write('nul.yaml', `${pool}    env: { A: "a\0b" }\n`);
    assert.deepEqual(refusedAt(nul), [[4, 1, '', 'holds a NUL byte: it is not text']]);
    const latin1 = writeNext('');
    const bytes = Buffer.concat([
      Buffer.from(`${pool}# caf`),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    writeFileSync(latin1, bytes);
    assert.deepEqual(refusedAt(latin1), [[4, 1, '', 'holds bytes that are not UTF-8 text']]);
  });
});

describe('anchors as people use them', () => {
  it('loads 101 pools that all merge one defaults anchor', () => {
    const pools = Array.from({ length: 101 }, (_, i) => `  p${i}:\n    <<: *defaults\n`).join('');
    const yaml = `x-defaults: &defaults\n  command: sleep 100\n  stop_timeout: 30s\npools:\n${pools}`;
    const { config, errors } = loadConfig(write('merge.yaml', yaml), {});
    assert.deepEqual(errors, []);
    assert.equal(config!.pools.length, 101);
    assert.ok(config!.pools.every((p) => p.stopTimeoutMs === 30_000 && p.argv[0] === 'sleep'));
  });
});
