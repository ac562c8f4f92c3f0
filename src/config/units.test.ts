import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatDuration, parseBytes, parseDurationMs } from './units.js';

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

describe('parseBytes', () => {
  const good: [string | number, number][] = [
    [0, 0],
    [1536, 1536],
    ['1536', 1536],
    ['100B', 100],
    ['512KiB', 512 * 1024],
    ['512k', 512 * 1024],
    ['10MiB', 10 * 1024 ** 2],
    ['10MB', 10_000_000],
    ['10mb', 10_000_000],
    ['50 MiB', 50 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['1G', 1024 ** 3],
    ['1g', 1024 ** 3],
    ['1GB', 1e9],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['2TiB', 2 * 1024 ** 4],
  ];
  for (const [input, bytes] of good) {
    it(`reads ${show(input)} as ${bytes} bytes`, () => {
      assert.equal(parseBytes(input), bytes);
    });
  }

  const bad: (string | number)[] = ['', 'MiB', '10 parsecs', '-5MiB', '1,5GiB', -1, Number.NaN];
  for (const input of bad) {
    it(`rejects ${show(input)} saying what it expected`, () => {
      assert.throws(() => parseBytes(input), /expected a size like 512KiB, 50MiB or 1GiB, got/);
    });
  }
});

describe('parseDurationMs', () => {
  const good: [string | number, number][] = [
    [0, 0],
    [5, 5000],
    [1.5, 1500],
    ['5', 5000],
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    [' 10S ', 10_000],
  ];
  for (const [input, ms] of good) {
    it(`reads ${show(input)} as ${ms} ms`, () => {
      assert.equal(parseDurationMs(input), ms);
    });
  }

  const bad: (string | number)[] = ['', 's', '5 sec', '5d', '1m 30s', '-1s', -3, Infinity];
  for (const input of bad) {
    it(`rejects ${show(input)} saying what it expected`, () => {
      assert.throws(() => parseDurationMs(input), /expected a duration like 500ms, 5s or 1m, got/);
    });
  }
});

describe('formatBytes', () => {
  const cases: [number, string][] = [
    [0, '0 B'],
    [512, '512 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [Math.round(41.2 * 1024 ** 2), '41.2 MiB'],
    [Math.round(679.5 * 1024 ** 2), '679.5 MiB'],
    [1024 ** 2 - 1, '1 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
    [3 * 1024 ** 4, '3 TiB'],
  ];
  for (const [bytes, text] of cases) {
    it(`shows ${bytes} as ${text}`, () => {
      assert.equal(formatBytes(bytes), text);
    });
  }
  it('writes whole MiB for sentences and tables, and exact sizes for crew.yaml', () => {
    assert.deepEqual(
      [312.4 * 1024 ** 2, 0.4 * 1024 ** 2, 45 * 1024 ** 2].map((n) => formatBytes(n, 'MiB')),
      ['312', '0', '45'],
    );
    const exact = [0, 1000, 4096, 50 * 1024 ** 2, 2 * 1024 ** 3, 1536 * 1024 ** 2];
    assert.deepEqual(
      exact.map((n) => formatBytes(n, 'yaml')),
      ['0', '1000', '4KiB', '50MiB', '2GiB', '1536MiB'],
    );
    for (const n of exact) assert.equal(parseBytes(formatBytes(n, 'yaml')), n);
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [59_960, '1m'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
  ];
  for (const [ms, text] of cases) {
    it(`shows ${ms} ms as ${text}, which reads back to within 1%`, () => {
      assert.equal(formatDuration(ms), text);
      assert.ok(Math.abs(parseDurationMs(text) - ms) <= ms / 100);
    });
  }
});
