import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addEstimate,
  createMeasuredProcesses,
  type MeasuredProcess,
} from './measured-processes.js';

const MiB = 1024 * 1024;

function reading(pssBytes: number, rssBytes = 2 * pssBytes) {
  return { rssBytes, pssBytes, ussBytes: pssBytes / 2, swapBytes: 0 };
}

function estimate(entry: MeasuredProcess) {
  const sum = { pssBytes: 0, rssBytes: 0, ussBytes: 0, swapBytes: 0 };
  addEstimate(sum, entry);
  return sum;
}

// One tick as the sampler runs it: see every pid, read in full those due, forget the rest.
function runTick(known: ReturnType<typeof createMeasuredProcesses>, pids: number[], tick: number) {
  for (const pid of pids) known.see(pid, pid, MiB, MiB / 2, tick);
  const due: MeasuredProcess[] = [];
  const count = known.pickDue(tick, due);
  for (const entry of due.slice(0, count)) known.recordFull(entry, reading(MiB / 2, MiB), tick);
  known.prune(tick);
  return due.slice(0, count).map((entry) => entry.pid);
}

describe('rotating full reads', () => {
  it('reads a new process in full on its first tick, then a share of the rest each tick', () => {
    const known = createMeasuredProcesses(5);
    const pids = Array.from({ length: 12 }, (_, i) => 100 + i);
    assert.deepEqual(runTick(known, pids, 1), pids);
    // 12 / 5 = 2.4 a tick, oldest read first, the fractions carried over.
    assert.deepEqual(runTick(known, pids, 2), [100, 101]);
    assert.deepEqual(runTick(known, pids, 3), [102, 103]);
    assert.deepEqual(runTick(known, [...pids, 500], 4), [104, 105, 106, 500]);
    assert.deepEqual(runTick(known, pids, 5), [107, 108]);
    assert.deepEqual(runTick(known, pids, 6), [109, 110, 111]);
  });

  it('reads every process again within refreshTicks ticks, n / refreshTicks a tick', () => {
    for (const refreshTicks of [1, 3, 10, 20]) {
      const known = createMeasuredProcesses(refreshTicks);
      const lastRead = new Map<number, number>();
      let alive = Array.from({ length: 50 }, (_, i) => i + 1);
      let nextPid = 1000;
      let rereads = 0;
      let budget = 0;
      for (let tick = 1; tick <= 400; tick++) {
        // Churn: every 7th tick one exits and two start; a burst of 30 starts; 40 exit at once.
        if (tick % 7 === 0) alive = [...alive.slice(1), nextPid++, nextPid++];
        if (tick === 100) alive = [...alive, ...Array.from({ length: 30 }, () => nextPid++)];
        if (tick === 250) alive = alive.slice(40);
        budget += alive.filter((pid) => lastRead.has(pid)).length / refreshTicks;
        for (const pid of runTick(known, alive, tick)) {
          if (lastRead.has(pid)) rereads++;
          lastRead.set(pid, tick);
        }
        for (const pid of alive) {
          const age = tick - lastRead.get(pid)!;
          assert.ok(age < refreshTicks, `pid ${pid} unread for ${age} ticks at tick ${tick}`);
        }
      }
      assert.equal(known.size, alive.length);
      assert.ok(rereads <= budget * 1.05 + 2, `${rereads} rereads for a budget of ${budget}`);
    }
  });

  it('starts over when a pid is reused by another process', () => {
    const known = createMeasuredProcesses(10);
    runTick(known, [7], 1);
    const reused = known.see(7, 999, MiB, MiB / 2, 2);
    assert.equal(reused.fullTick, -1);
    const due: MeasuredProcess[] = [];
    assert.equal(known.pickDue(2, due), 1);
    assert.equal(due[0], reused);
  });

  it('forgets processes not seen this tick', () => {
    const known = createMeasuredProcesses(2);
    runTick(known, [1, 2, 3], 1);
    runTick(known, [2], 2);
    assert.equal(known.size, 1);
  });
});

describe('addEstimate', () => {
  const known = createMeasuredProcesses(10);
  const entry = known.see(1, 1, 100 * MiB, 70 * MiB, 1);
  const full = { rssBytes: 100 * MiB, pssBytes: 60 * MiB, ussBytes: 40 * MiB, swapBytes: MiB };
  known.recordFull(entry, full, 1);
  const cases: Array<[string, number, number, { pss: number; uss: number }]> = [
    ['as read when nothing moved', 100, 70, { pss: 60, uss: 40 }],
    ['anonymous growth counted as private', 130, 100, { pss: 90, uss: 70 }],
    ['file-backed growth left for the next full read', 120, 70, { pss: 60, uss: 40 }],
    ['anonymous memory freed', 80, 50, { pss: 40, uss: 20 }],
    ['never below zero', 10, 0, { pss: 0, uss: 0 }],
    ['the change of RSS when statm was unreadable', 130, Number.NaN, { pss: 90, uss: 70 }],
  ];
  for (const [name, rssMiB, anonMiB, expected] of cases) {
    it(name, () => {
      known.see(1, 1, rssMiB * MiB, anonMiB * MiB, 2);
      assert.deepEqual(estimate(entry), {
        rssBytes: rssMiB * MiB,
        pssBytes: expected.pss * MiB,
        ussBytes: expected.uss * MiB,
        swapBytes: MiB,
      });
    });
  }
});
