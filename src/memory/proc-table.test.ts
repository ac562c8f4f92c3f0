import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addProcess,
  collectTree,
  createIndexList,
  createProcTable,
  indexOfPid,
  linkChildren,
  type ProcTable,
} from './proc-table.js';

function tableOf(edges: ReadonlyArray<readonly [number, number]>, capacity = 2): ProcTable {
  const table = createProcTable(capacity);
  for (const [pid, ppid] of edges) {
    addProcess(table, pid, { ppid, state: 83, startTicks: pid * 10, rssPages: pid });
  }
  linkChildren(table);
  return table;
}

function treeOf(table: ProcTable, root: number): number[] {
  const out = createIndexList(1);
  collectTree(table, root, out);
  return [...out.items.subarray(0, out.length)].map((index) => table.pids[index]!);
}

const edges = [
  [1, 0],
  [10, 1],
  [11, 10],
  [12, 10],
  [13, 12],
  [20, 1],
] as const;

describe('the process table', () => {
  it('grows past its capacity and keeps every field', () => {
    const table = tableOf(edges, 2);
    assert.equal(table.count, 6);
    assert.equal(table.startTicks[indexOfPid(table, 13)], 130);
    assert.equal(table.rssPages[indexOfPid(table, 20)], 20);
  });

  for (const [order, list] of [
    ['ascending, as /proc lists them', edges],
    ['shuffled, as a directory may list them', [...edges].reverse()],
  ] as const) {
    it(`finds pids listed ${order}`, () => {
      const table = tableOf(list);
      for (const [pid] of list) assert.equal(table.pids[indexOfPid(table, pid)], pid);
      assert.equal(indexOfPid(table, 14), -1);
      assert.equal(indexOfPid(table, 0), -1);
      assert.equal(table.sorted, order.startsWith('ascending'));
    });
  }

  const cases: Array<[string, number, number[]]> = [
    ['a leaf is its own tree', 13, [13]],
    ['a wrapper takes children and grandchildren, parents first', 10, [10, 12, 11, 13]],
    ['pid 1 takes everything', 1, [1, 20, 10, 12, 11, 13]],
    ['an unknown root has no tree', 99, []],
  ];
  for (const [name, root, expected] of cases) {
    it(name, () => assert.deepEqual(treeOf(tableOf(edges), root), expected));
  }

  it('appends tree after tree to one list', () => {
    const table = tableOf(edges);
    const out = createIndexList(1);
    assert.equal(collectTree(table, 12, out), 2);
    assert.equal(collectTree(table, 20, out), 1);
    assert.deepEqual(
      [...out.items.subarray(0, out.length)].map((i) => table.pids[i]),
      [12, 13, 20],
    );
  });

  it('stops on a ppid cycle instead of looping', () => {
    const table = tableOf([
      [5, 6],
      [6, 5],
    ]);
    assert.deepEqual(treeOf(table, 5), [5, 6]);
    assert.deepEqual(treeOf(table, 6), [6, 5]);
  });

  it('refills from empty for the next tick', () => {
    const table = tableOf(edges);
    table.count = 0;
    table.sorted = true;
    addProcess(table, 7, { ppid: 0, state: 83, startTicks: 1, rssPages: 1 });
    linkChildren(table);
    assert.deepEqual(treeOf(table, 7), [7]);
    assert.equal(indexOfPid(table, 10), -1);
  });
});
