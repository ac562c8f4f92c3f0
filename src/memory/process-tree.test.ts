import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProcStat } from './proc-stat.js';
import { readProcessMemory } from './process-memory.js';
import {
  descendantsOf,
  listProcesses,
  readTreeMemory,
  readTreeMemoryAsync,
} from './process-tree.js';
import {
  type AllocatingProcess,
  startAllocatingProcess,
} from './test-support/allocating-process.js';

const procRoot = new URL('./fixtures/proc', import.meta.url).pathname;
const KiB = 1024;
const MiB = 1024 * KiB;

function tableOf(edges: ReadonlyArray<readonly [number, number]>): Map<number, ProcStat> {
  const base = { comm: 'x', state: 'S', pgid: 1, sid: 1, startTicks: 1, utimeTicks: 0 };
  const rest = { stimeTicks: 0, rssPages: 0 };
  return new Map(edges.map(([pid, ppid]) => [pid, { ...base, ...rest, pid, ppid }]));
}

describe('descendantsOf', () => {
  const table = tableOf([
    [1, 0],
    [10, 1],
    [11, 10],
    [12, 10],
    [13, 12],
    [20, 1],
  ]);
  const cases: Array<[string, number, number[]]> = [
    ['a leaf is its own tree', 13, [13]],
    ['a wrapper takes children and grandchildren, parents first', 10, [10, 11, 12, 13]],
    ['pid 1 takes everything', 1, [1, 10, 20, 11, 12, 13]],
    ['an unknown root has no tree', 99, []],
  ];
  for (const [name, root, expected] of cases) {
    it(name, () => assert.deepEqual(descendantsOf(root, table), expected));
  }

  it('stops on a ppid cycle instead of looping', () => {
    assert.deepEqual(
      descendantsOf(
        5,
        tableOf([
          [5, 6],
          [6, 5],
        ]),
      ),
      [5, 6],
    );
  });
});

describe('listProcesses and readTreeMemory on fixtures', () => {
  it('lists every pid directory and skips other entries', () => {
    const table = listProcesses(procRoot);
    assert.deepEqual(
      [...table.keys()].sort((a, b) => a - b),
      [1, 100, 101, 102, 103, 104, 200],
    );
    assert.equal(table.get(200)?.comm, '(sd-pam)');
  });

  it('sums a sh wrapper, the php-fpm master, its children and a zombie', async () => {
    const expected = {
      pssBytes: (262 + 9124 + 41236 + 18855 + 0) * KiB,
      rssBytes: (1640 + 32716 + 41236 + 44312 + 0) * KiB,
      ussBytes: (152 + 4300 + 14520 + 18202 + 0) * KiB,
      swapBytes: (512 + 1024) * KiB,
    };
    for (const tree of [
      readTreeMemory(100, undefined, procRoot),
      await readTreeMemoryAsync(100, undefined, procRoot),
    ]) {
      const { pids, ...sums } = tree;
      assert.equal(pids[0], 100);
      assert.deepEqual(
        [...pids].sort((a, b) => a - b),
        [100, 101, 102, 103, 104],
      );
      assert.deepEqual(sums, expected);
    }
  });

  it('reports an empty tree for a root that is gone', () => {
    assert.deepEqual(readTreeMemory(999, undefined, procRoot), {
      pids: [],
      pssBytes: 0,
      rssBytes: 0,
      ussBytes: 0,
      swapBytes: 0,
    });
  });
});

describe('live process trees', () => {
  let wrapped: AllocatingProcess;
  before(async () => {
    wrapped = await startAllocatingProcess(64, { underShell: true });
  });
  after(async () => {
    await wrapped?.stop();
  });

  it('lists this process with its parent', () => {
    assert.equal(listProcesses().get(process.pid)?.ppid, process.ppid);
  });

  it("counts a sh -c wrapper's grandchild", async () => {
    assert.notEqual(wrapped.allocatorPid, wrapped.rootPid);
    const allocator = readProcessMemory(wrapped.allocatorPid)!;
    for (const tree of [
      readTreeMemory(wrapped.rootPid),
      await readTreeMemoryAsync(wrapped.rootPid),
    ]) {
      assert.equal(tree.pids[0], wrapped.rootPid);
      assert.ok(tree.pids.includes(wrapped.allocatorPid), `pids ${tree.pids}`);
      assert.ok(tree.pssBytes >= 60 * MiB, `pss ${tree.pssBytes}`);
      assert.ok(tree.ussBytes >= 60 * MiB, `uss ${tree.ussBytes}`);
      assert.ok(tree.rssBytes > allocator.rssBytes * 0.9);
    }
  });
});
