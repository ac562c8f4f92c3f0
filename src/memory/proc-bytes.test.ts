import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  encodeKeys,
  parseKbBytes,
  parseNumbersBytes,
  parseStatBytes,
  type StatFields,
} from './proc-bytes.js';

const procRoot = new URL('./fixtures/proc', import.meta.url).pathname;

function bytesOf(text: string): Buffer {
  // Stale bytes after the text, as left in a reused buffer by a longer earlier read.
  return Buffer.concat([Buffer.from(text, 'latin1'), Buffer.from('\nPss: 999 kB\n9 9 9 9')]);
}

function parseStat(text: string): StatFields | null {
  const out = { ppid: -1, state: 0, startTicks: -1, rssPages: -1 };
  return parseStatBytes(bytesOf(text), Buffer.byteLength(text, 'latin1'), out) ? out : null;
}

describe('parseStatBytes', () => {
  const cases: Array<[string, string, StatFields]> = [
    ['a shell', '100', { ppid: 1, state: 83, startTicks: 845, rssPages: 410 }],
    ['a running process', '103', { ppid: 101, state: 82, startTicks: 852, rssPages: 11078 }],
    [
      "a comm holding ') ' and '('",
      '104',
      { ppid: 100, state: 90, startTicks: 40211, rssPages: 0 },
    ],
    [
      'a comm in double parentheses',
      '200',
      { ppid: 1, state: 83, startTicks: 913, rssPages: 1090 },
    ],
  ];
  for (const [name, pid, expected] of cases) {
    it(`reads ${name}`, () => {
      const text = readFileSync(`${procRoot}/${pid}/stat`, 'latin1');
      assert.deepEqual(parseStat(text), expected);
    });
  }

  it('reads a start time past 2^31 ticks', () => {
    const fields = Array.from({ length: 50 }, (_, i) => (i === 18 ? '3000000000' : '7'));
    assert.equal(parseStat(`5 (x) S ${fields.join(' ')}\n`)?.startTicks, 3_000_000_000);
  });

  const malformed: Array<[string, string]> = [
    ['empty', ''],
    ['no comm', '5 S 1 2 3'],
    ['cut short', '5 (x) S 1 5 5 0 -1 0\n'],
    ['letters where the rss is', `5 (x) S 1 ${'0 '.repeat(19)}x\n`],
  ];
  for (const [name, text] of malformed) {
    it(`rejects ${name}`, () => assert.equal(parseStat(text), null));
  }
});

describe('parseKbBytes', () => {
  const keys = encodeKeys(['Rss', 'Pss', 'Private_Dirty', 'Swap', 'Missing']);

  it('reads the wanted keys in bytes and leaves absent ones NaN', () => {
    const text = readFileSync(`${procRoot}/101/smaps_rollup`, 'latin1');
    const out = new Float64Array(keys.length);
    const found = parseKbBytes(bytesOf(text), text.length, keys, out);
    assert.equal(found, 4);
    assert.deepEqual([...out.subarray(0, 4)], [32716 * 1024, 9124 * 1024, 4144 * 1024, 512 * 1024]);
    assert.ok(Number.isNaN(out[4]));
  });

  it('does not take Pss_Anon for Pss, and reads tab-aligned status lines', () => {
    const text = 'Pss_Anon:   5 kB\nVmRSS:\t   41236 kB\nPss:   7 kB';
    const out = new Float64Array(2);
    parseKbBytes(bytesOf(text), text.length, encodeKeys(['Pss', 'VmRSS']), out);
    assert.deepEqual([...out], [7 * 1024, 41236 * 1024]);
  });

  it('reads a status file', () => {
    const text = readFileSync(`${procRoot}/102/status`, 'latin1');
    const out = new Float64Array(3);
    parseKbBytes(bytesOf(text), text.length, encodeKeys(['VmRSS', 'RssAnon', 'VmSwap']), out);
    assert.deepEqual([...out], [41236 * 1024, 14520 * 1024, 1024 * 1024]);
  });
});

describe('parseNumbersBytes', () => {
  it('reads the leading numbers of a statm line', () => {
    const text = '191770 15761 8953 6932 0 13400 0\n';
    const out = new Float64Array(3);
    assert.equal(parseNumbersBytes(bytesOf(text), text.length, out), 3);
    assert.deepEqual([...out], [191770, 15761, 8953]);
  });

  it('stops at the end of the text or at a non-number', () => {
    const out = new Float64Array(3);
    assert.equal(parseNumbersBytes(bytesOf('12 34'), 5, out), 2);
    assert.equal(parseNumbersBytes(bytesOf('12 x 5'), 6, out), 1);
    assert.equal(parseNumbersBytes(bytesOf(''), 0, out), 0);
  });
});
