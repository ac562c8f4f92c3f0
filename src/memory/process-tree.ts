// Process trees: a worker is often a wrapper (`sh -c`, php-fpm's master) whose memory lives in
// its children. Every call lists /proc afresh, so a child forked since the last tick is counted.
import { readdirSync } from 'node:fs';
import { type ProcStat, readProcStat } from './proc-stat.js';
import { type ProcessMemory, readProcessMemory, readProcessMemoryAsync } from './process-memory.js';

export interface TreeMemory {
  // The pids measured, the root first; processes that exited while being read are left out.
  readonly pids: number[];
  // The sum of PSS is the tree's fair share; sums of RSS count shared pages once per process.
  readonly pssBytes: number;
  readonly rssBytes: number;
  readonly ussBytes: number;
  readonly swapBytes: number;
}

// Lists every process once: one readdir of /proc and one stat read per process.
export function listProcesses(procRoot = '/proc'): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const name of readdirSync(procRoot)) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const stat = readProcStat(Number(name), procRoot);
    if (stat !== null) table.set(stat.pid, stat);
  }
  return table;
}

// Lists rootPid and its descendants by ppid, parents before children; [] when rootPid is absent.
export function descendantsOf(rootPid: number, table: ReadonlyMap<number, ProcStat>): number[] {
  if (!table.has(rootPid)) return [];
  const children = new Map<number, number[]>();
  for (const stat of table.values()) {
    const siblings = children.get(stat.ppid);
    if (siblings === undefined) children.set(stat.ppid, [stat.pid]);
    else siblings.push(stat.pid);
  }
  const found = [rootPid];
  const seen = new Set(found);
  for (let index = 0; index < found.length; index++) {
    for (const child of children.get(found[index]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
    }
  }
  return found;
}

// Adds up per-process measurements; null entries (processes gone meanwhile) are skipped.
export function sumTreeMemory(
  measured: ReadonlyArray<readonly [number, ProcessMemory | null]>,
): TreeMemory {
  const tree = { pids: [] as number[], pssBytes: 0, rssBytes: 0, ussBytes: 0, swapBytes: 0 };
  for (const [pid, memory] of measured) {
    if (memory === null) continue;
    tree.pids.push(pid);
    tree.pssBytes += memory.pssBytes;
    tree.rssBytes += memory.rssBytes;
    tree.ussBytes += memory.ussBytes;
    tree.swapBytes += memory.swapBytes;
  }
  return tree;
}

// Sums the memory of rootPid and all its descendants, listing /proc afresh unless given a table.
export function readTreeMemory(
  rootPid: number,
  table?: ReadonlyMap<number, ProcStat>,
  procRoot = '/proc',
): TreeMemory {
  const pids = descendantsOf(rootPid, table ?? listProcesses(procRoot));
  return sumTreeMemory(pids.map((pid) => [pid, readProcessMemory(pid, procRoot)] as const));
}

// Like readTreeMemory, with each smaps_rollup read on the thread pool.
export async function readTreeMemoryAsync(
  rootPid: number,
  table?: ReadonlyMap<number, ProcStat>,
  procRoot = '/proc',
): Promise<TreeMemory> {
  const pids = descendantsOf(rootPid, table ?? listProcesses(procRoot));
  const measured = await Promise.all(
    pids.map(async (pid) => [pid, await readProcessMemoryAsync(pid, procRoot)] as const),
  );
  return sumTreeMemory(measured);
}
