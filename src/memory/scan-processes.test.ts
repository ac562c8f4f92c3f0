import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { indexOfPid, type ProcTable } from './proc-table.js';
import { createReadBuffer } from './read-into.js';
import { createProcessScanner, readPageSize } from './scan-processes.js';
import { createFakeProc, type FakeProc } from './test-support/fake-proc.js';

const parentOf = (table: ProcTable, pid: number) => table.ppids[indexOfPid(table, pid)];

describe('createProcessScanner', () => {
  let proc: FakeProc;
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  beforeEach(() => {
    proc?.dispose();
    proc = createFakeProc();
    errors.length = 0;
    // 1 ← 10 ← 11, and 1 ← 20 ← 21: the 10 tree is measured, the 20 tree is not.
    for (const [pid, ppid] of [
      [1, 0],
      [10, 1],
      [11, 10],
      [20, 1],
      [21, 20],
    ] as const) {
      proc.write(pid, { ppid, rssKb: 4, pssKb: 4 });
    }
  });
  after(() => proc.dispose());

  function scanner(rereadEveryTicks = 100) {
    const scan = createProcessScanner(proc.root, createReadBuffer(), rereadEveryTicks);
    return (measured: number[] = [10, 11]) => {
      const table = scan.scan(onError);
      for (const pid of measured) table.measured[indexOfPid(table, pid)] = 1;
      return table;
    };
  }

  it('lists every process and links it to its parent', () => {
    const table = scanner()();
    const pids = [...table.pids.subarray(0, table.count)];
    assert.deepEqual(
      pids.sort((a, b) => a - b),
      [1, 10, 11, 20, 21],
    );
    assert.equal(parentOf(table, 21), 20);
    assert.deepEqual(errors, []);
  });

  it('reads measured processes and new pids every tick, others from the last tick', () => {
    const scan = scanner();
    scan();
    proc.write(11, { ppid: 1, rssKb: 4, pssKb: 4 });
    proc.write(21, { ppid: 1, rssKb: 4, pssKb: 4 });
    proc.write(30, { ppid: 10, rssKb: 4, pssKb: 4 });
    const table = scan();
    assert.equal(parentOf(table, 11), 1, 'measured: read again');
    assert.equal(parentOf(table, 21), 20, 'not measured: kept');
    assert.equal(parentOf(table, 30), 10, 'new: read');
  });

  it('reads everything again every rereadEveryTicks ticks', () => {
    const scan = scanner(3);
    scan();
    proc.write(21, { ppid: 1, rssKb: 4, pssKb: 4 });
    assert.equal(parentOf(scan(), 21), 20);
    assert.equal(parentOf(scan(), 21), 20);
    assert.equal(parentOf(scan(), 21), 1);
  });

  it('reads a process again when its parent is gone, and drops the gone', () => {
    const scan = scanner();
    scan();
    proc.remove(20);
    proc.write(21, { ppid: 10, rssKb: 4, pssKb: 4 });
    const table = scan();
    assert.equal(indexOfPid(table, 20), -1);
    assert.equal(parentOf(table, 21), 10);
  });

  it('reports a malformed stat and lists the rest', () => {
    proc.writeFile(21, 'stat', 'garbage\n');
    const table = scanner()();
    assert.equal(table.count, 4);
    assert.match(String(errors[0]), /Unexpected .*21\/stat line "garbage/);
  });
});

describe('readPageSize', () => {
  it('reads the kernel page size, or takes 4096 without /proc/self/smaps', () => {
    assert.ok([4096, 16384, 65536].includes(readPageSize('/proc')));
    assert.equal(readPageSize('/nonexistent'), 4096);
  });
});
