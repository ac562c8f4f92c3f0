// Every process as one tick saw it, in typed arrays reused from tick to tick, with the
// parent-child links to walk a managed process's tree. An allocation-free counterpart of
// listProcesses and descendantsOf (process-tree.ts) for the sampler, which runs every second.
import type { StatFields } from './proc-bytes.js';

export interface ProcTable {
  count: number;
  pids: Int32Array;
  ppids: Int32Array;
  states: Uint8Array;
  startTicks: Float64Array;
  rssPages: Float64Array;
  // Children as linked lists of table indexes; -1 ends a list.
  firstChild: Int32Array;
  nextSibling: Int32Array;
  // Which walk last reached each index, so that a ppid cycle cannot loop.
  visited: Float64Array;
  // 1 for a process the sampler measured this tick (crew, the targets' trees).
  measured: Uint8Array;
  walks: number;
  // /proc lists pids in ascending order, which lets lookups bisect; a fixture may not.
  sorted: boolean;
}

// A list of table indexes that grows as needed and is reused by truncating it.
export interface IndexList {
  items: Int32Array;
  length: number;
}

export function createIndexList(capacity = 256): IndexList {
  return { items: new Int32Array(capacity), length: 0 };
}

// Appends an index, growing the list when full.
export function pushIndex(list: IndexList, index: number): void {
  if (list.length === list.items.length) {
    const bigger = new Int32Array(list.items.length * 2);
    bigger.set(list.items);
    list.items = bigger;
  }
  list.items[list.length++] = index;
}

export function createProcTable(capacity = 512): ProcTable {
  return {
    count: 0,
    pids: new Int32Array(capacity),
    ppids: new Int32Array(capacity),
    states: new Uint8Array(capacity),
    startTicks: new Float64Array(capacity),
    rssPages: new Float64Array(capacity),
    firstChild: new Int32Array(capacity),
    nextSibling: new Int32Array(capacity),
    visited: new Float64Array(capacity),
    measured: new Uint8Array(capacity),
    walks: 0,
    sorted: true,
  };
}

function grow(table: ProcTable): void {
  const bigger = createProcTable(table.pids.length * 2);
  bigger.pids.set(table.pids);
  bigger.ppids.set(table.ppids);
  bigger.states.set(table.states);
  bigger.startTicks.set(table.startTicks);
  bigger.rssPages.set(table.rssPages);
  bigger.measured.set(table.measured);
  Object.assign(table, { ...bigger, count: table.count, sorted: table.sorted });
}

function append(table: ProcTable, pid: number): number {
  if (table.count === table.pids.length) grow(table);
  const index = table.count++;
  if (index > 0 && pid <= table.pids[index - 1]!) table.sorted = false;
  table.pids[index] = pid;
  table.measured[index] = 0;
  return index;
}

// Sets what /proc/PID/stat says of the process at index.
export function setStat(table: ProcTable, index: number, stat: StatFields): void {
  table.ppids[index] = stat.ppid;
  table.states[index] = stat.state;
  table.startTicks[index] = stat.startTicks;
  table.rssPages[index] = stat.rssPages;
}

// Adds a process read from /proc/PID/stat.
export function addProcess(table: ProcTable, pid: number, stat: StatFields): void {
  setStat(table, append(table, pid), stat);
}

// Adds the process at `index` of another table, as that table saw it.
export function copyProcess(from: ProcTable, index: number, to: ProcTable): void {
  const added = append(to, from.pids[index]!);
  to.ppids[added] = from.ppids[index]!;
  to.states[added] = from.states[index]!;
  to.startTicks[added] = from.startTicks[index]!;
  to.rssPages[added] = from.rssPages[index]!;
}

// The index of pid in the table, or -1.
export function indexOfPid(table: ProcTable, pid: number): number {
  if (!table.sorted) return table.pids.subarray(0, table.count).indexOf(pid);
  let low = 0;
  let high = table.count - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = table.pids[mid]!;
    if (value === pid) return mid;
    if (value < pid) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

// Links every process to its parent; call once the table is filled.
export function linkChildren(table: ProcTable): void {
  table.firstChild.fill(-1, 0, table.count);
  for (let index = 0; index < table.count; index++) {
    const parent = indexOfPid(table, table.ppids[index]!);
    if (parent < 0 || parent === index) continue;
    table.nextSibling[index] = table.firstChild[parent]!;
    table.firstChild[parent] = index;
  }
}

// Appends the indexes of rootPid and its descendants to `out`, parents before children;
// returns how many (0 when rootPid is not in the table).
export function collectTree(table: ProcTable, rootPid: number, out: IndexList): number {
  const root = indexOfPid(table, rootPid);
  if (root < 0) return 0;
  const walk = ++table.walks;
  const start = out.length;
  pushIndex(out, root);
  table.visited[root] = walk;
  for (let next = start; next < out.length; next++) {
    for (let child = table.firstChild[out.items[next]!]!; child >= 0; ) {
      if (table.visited[child] !== walk) {
        table.visited[child] = walk;
        pushIndex(out, child);
      }
      child = table.nextSibling[child]!;
    }
  }
  return out.length - start;
}
