import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryHistory } from './history.js';
import type { ProcessSample, Sample } from './sample.js';

const MiB = 1024 * 1024;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function processOf(pool: string, pssBytes: number): ProcessSample {
  return {
    name: `${pool}_00`,
    pool,
    pid: 1,
    pids: 1,
    pssBytes,
    rssBytes: 0,
    ussBytes: 0,
    swapBytes: 0,
  };
}

function sampleAt(
  at: number,
  pools: Record<string, number[]>,
  containerBytes: number | null = 300 * MiB,
): Sample {
  return {
    at,
    container:
      containerBytes === null
        ? null
        : { usageBytes: containerBytes, limitBytes: 400 * MiB, hasLimit: true },
    crew: { pssBytes: 30 * MiB, rssBytes: 60 * MiB, ussBytes: 25 * MiB, swapBytes: 0 },
    processes: Object.entries(pools).flatMap(([pool, values]) =>
      values.map((v) => processOf(pool, v)),
    ),
  };
}

// A fake clock: one sample a second from T0, the pool's PSS given by the second's number.
function recordSeconds(history: ReturnType<typeof createMemoryHistory>, seconds: number, from = 0) {
  for (let s = from; s < from + seconds; s++)
    history.record(sampleAt(T0 + s * 1000 + 250, { payments: [s, s] }));
}

describe('MemoryHistory', () => {
  it('keeps a point a second, the last 900, with each pool summed', () => {
    const history = createMemoryHistory();
    recordSeconds(history, 1000);
    const series = history.read({ resolution: '1s' });
    assert.equal(series.at.length, 900);
    assert.equal(series.at[0], T0 + 100 * 1000);
    assert.equal(series.at[899], T0 + 999 * 1000);
    assert.equal(series.pools.payments?.[0], 200);
    assert.equal(series.pools.payments?.[899], 1998);
    assert.equal(series.crew[5], 30 * MiB);
    assert.equal(series.container[5], 300 * MiB);
  });

  it('averages each minute, up to the newest still filling', () => {
    const history = createMemoryHistory();
    recordSeconds(history, 150);
    const series = history.read({ resolution: '1m' });
    assert.deepEqual(series.at, [T0, T0 + 60_000, T0 + 120_000]);
    // Seconds 0..59 average 29.5, twice (two processes); 60..119 → 89.5; 120..149 → 134.5.
    assert.deepEqual(series.pools.payments, [59, 179, 269]);
    assert.deepEqual(series.crew, [30 * MiB, 30 * MiB, 30 * MiB]);
  });

  it('keeps 1440 minutes and overwrites the oldest', () => {
    const history = createMemoryHistory();
    for (let m = 0; m < 1500; m++) history.record(sampleAt(T0 + m * 60_000, { web: [m] }));
    const series = history.read({ resolution: '1m' });
    assert.equal(series.at.length, 1440);
    assert.equal(series.at[0], T0 + 60 * 60_000);
    assert.equal(series.pools.web?.[1439], 1499);
  });

  it('averages samples within one second, and takes a sample from the past into the newest', () => {
    const history = createMemoryHistory();
    history.record(sampleAt(T0 + 100, { a: [10] }));
    history.record(sampleAt(T0 + 900, { a: [20] }));
    history.record(sampleAt(T0 + 1500, { a: [40] }));
    history.record(sampleAt(T0 - 5000, { a: [60] }));
    const series = history.read({ resolution: '1s' });
    assert.deepEqual(series.at, [T0, T0 + 1000]);
    assert.deepEqual(series.pools.a, [15, 50]);
  });

  it('reads 0 for a pool before it appeared and after its processes left', () => {
    const history = createMemoryHistory();
    history.record(sampleAt(T0, { a: [1] }));
    history.record(sampleAt(T0 + 1000, { a: [1], b: [5, 6] }));
    history.record(sampleAt(T0 + 2000, { a: [1] }));
    assert.deepEqual(history.read({ resolution: '1s' }).pools, { a: [1, 1, 1], b: [0, 11, 0] });
  });

  it('counts the processes of each pool, averaged over a bucket', () => {
    const history = createMemoryHistory();
    history.record(sampleAt(T0, { a: [1] }));
    history.record(sampleAt(T0 + 1000, { a: [1], b: [5, 6] }));
    history.record(sampleAt(T0 + 1500, { a: [1], b: [5] }));
    assert.deepEqual(history.read({ resolution: '1s' }).processes, { a: [1, 1], b: [0, 1.5] });
    assert.deepEqual(history.read({ resolution: '1m' }).processes, { a: [1], b: [1] });
  });

  it('reads NaN where the container was unknown, averaging only the known', () => {
    const history = createMemoryHistory();
    history.record(sampleAt(T0, {}, null));
    history.record(sampleAt(T0 + 1000, {}, 100));
    history.record(sampleAt(T0 + 1500, {}, null));
    assert.deepEqual(history.read({ resolution: '1s' }).container, [Number.NaN, 100]);
    assert.deepEqual(history.read({ resolution: '1m' }).container, [100]);
  });

  it('reads only points at or after sinceMs', () => {
    const history = createMemoryHistory();
    recordSeconds(history, 10);
    const series = history.read({ resolution: '1s', sinceMs: T0 + 7000 });
    assert.deepEqual(series.at, [T0 + 7000, T0 + 8000, T0 + 9000]);
    assert.deepEqual(series.pools.payments, [14, 16, 18]);
    assert.deepEqual(history.read({ resolution: '1m', sinceMs: T0 + 1 }).at, []);
  });

  it('reads empty series before any sample', () => {
    assert.deepEqual(createMemoryHistory().read({ resolution: '1m' }), {
      at: [],
      container: [],
      crew: [],
      pools: {},
      processes: {},
    });
  });
});
