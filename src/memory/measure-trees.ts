// One tick's measurement of crew and of every managed process's whole tree: /proc listed once
// and shared by all trees, RSS from each member's statm, PSS/USS/swap from smaps_rollup for the
// processes due (see measured-processes.ts). Buffers, tables and lists are reused from tick to
// tick.
import {
  addEstimate,
  createMeasuredProcesses,
  type FullReading,
  type MeasuredProcess,
} from './measured-processes.js';
import { parseNumbersBytes } from './proc-bytes.js';
import {
  collectTree,
  createIndexList,
  createProcTable,
  indexOfPid,
  type ProcTable,
  pushIndex,
} from './proc-table.js';
import { createFullReader } from './read-full-memory.js';
import { createReadBuffer, readIntoSync } from './read-into.js';
import type {
  FiguresSum,
  ForeignProcesses,
  MemoryFigures,
  ProcessSample,
  SampleTarget,
} from './sample.js';
import { createProcessScanner } from './scan-processes.js';

export interface TreeMeasurerOptions {
  readonly procRoot: string;
  readonly refreshTicks: number;
  readonly pageSizeBytes: number;
}

export interface TreeMeasurement {
  readonly crew: MemoryFigures;
  readonly processes: ProcessSample[];
  // The cgroup's processes that are neither crew nor below it; null without the cgroup's pids.
  readonly foreign: ForeignProcesses | null;
}

const ZOMBIE = 0x5a;

function emptySum(): FiguresSum {
  return { pssBytes: 0, rssBytes: 0, ussBytes: 0, swapBytes: 0 };
}

// Measures trees tick after tick; not reentrant (the sampler runs one tick at a time).
export function createTreeMeasurer(options: TreeMeasurerOptions) {
  const { procRoot, pageSizeBytes } = options;
  const known = createMeasuredProcesses(options.refreshTicks);
  const statBuffer = createReadBuffer();
  const scanner = createProcessScanner(procRoot, statBuffer);
  let table: ProcTable = createProcTable(1);
  const readFull = createFullReader(procRoot);
  const statm = new Float64Array(3);
  const reading: FullReading = { rssBytes: 0, pssBytes: 0, ussBytes: 0, swapBytes: 0 };
  const trees = createIndexList();
  const members: MeasuredProcess[] = [];
  const due: MeasuredProcess[] = [];
  let tick = 0;

  // Notes a tree member with its RSS and anonymous memory from statm (RSS from the stat line
  // already read when statm cannot be, e.g. the process just exited).
  function see(index: number, onError: (error: unknown) => void): MeasuredProcess {
    const pid = table.pids[index]!;
    let rssBytes = table.rssPages[index]! * pageSizeBytes;
    let anonBytes = Number.NaN;
    try {
      const length = readIntoSync(`${procRoot}/${pid}/statm`, statBuffer);
      if (length > 0 && parseNumbersBytes(statBuffer.bytes, length, statm) === 3) {
        rssBytes = statm[1]! * pageSizeBytes;
        anonBytes = (statm[1]! - statm[2]!) * pageSizeBytes;
      }
    } catch (error) {
      onError(error);
    }
    return known.see(pid, table.startTicks[index]!, rssBytes, anonBytes, tick);
  }

  async function refresh(entry: MeasuredProcess, zombie: boolean, onError: (e: unknown) => void) {
    try {
      if (zombie) reading.rssBytes = reading.pssBytes = reading.ussBytes = reading.swapBytes = 0;
      else if (!(await readFull(entry.pid, reading))) {
        entry.gone = true;
        return;
      }
      known.recordFull(entry, reading, tick);
    } catch (error) {
      // Kept at the front of the line, so read again next tick; estimated meanwhile.
      onError(error);
    }
  }

  function sumRange(start: number, end: number, sum: FiguresSum): number {
    let pids = 0;
    for (let member = start; member < end; member++) {
      const entry = members[member]!;
      if (entry.gone) continue;
      addEstimate(sum, entry);
      pids++;
    }
    return pids;
  }

  // Of the cgroup's pids, those neither crew nor below it (its managed processes' trees, a config
  // loader child); RSS from the stat lines of this tick's table. Call after the trees are marked.
  const below = createIndexList();
  function foreignIn(cgroupPids: readonly number[], selfPid: number): ForeignProcesses {
    below.length = 0;
    collectTree(table, selfPid, below);
    const walk = table.walks;
    let processes = 0;
    let unseen = 0;
    let rssBytes = 0;
    for (const pid of cgroupPids) {
      const index = pid === 0 ? -1 : indexOfPid(table, pid);
      if (index >= 0 && (table.measured[index] === 1 || table.visited[index] === walk)) continue;
      if (index >= 0 && table.states[index] === ZOMBIE) continue;
      processes++;
      if (index < 0) unseen++;
      else rssBytes += table.rssPages[index]! * pageSizeBytes;
    }
    return { processes, rssBytes, unseen };
  }

  // Measures selfPid alone and each target's tree, and which of `cgroupPids` (when known) are
  // not crew's; never throws, passing failures to onError.
  async function measure(
    targets: readonly SampleTarget[],
    selfPid: number,
    onError: (error: unknown) => void,
    cgroupPids: readonly number[] | null = null,
  ): Promise<TreeMeasurement> {
    tick++;
    try {
      table = scanner.scan(onError);
    } catch (error) {
      table.count = 0;
      onError(error);
    }
    // members[0] is crew itself when present, then every target's tree in turn.
    trees.length = 0;
    const selfIndex = indexOfPid(table, selfPid);
    if (selfIndex >= 0) pushIndex(trees, selfIndex);
    const treeEnds = targets.map((target) => {
      collectTree(table, target.pid, trees);
      return trees.length;
    });
    for (let member = 0; member < trees.length; member++) {
      table.measured[trees.items[member]!] = 1;
      members[member] = see(trees.items[member]!, onError);
    }
    members.length = trees.length;
    const dueCount = known.pickDue(tick, due);
    for (let index = 0; index < dueCount; index++) {
      const entry = due[index]!;
      const tableIndex = indexOfPid(table, entry.pid);
      await refresh(entry, table.states[tableIndex] === ZOMBIE, onError);
    }
    known.prune(tick);

    const crew = emptySum();
    const selfCount = selfIndex >= 0 ? 1 : 0;
    sumRange(0, selfCount, crew);
    const processes = targets.map((target, index): ProcessSample => {
      const sum = emptySum();
      const pids = sumRange(index === 0 ? selfCount : treeEnds[index - 1]!, treeEnds[index]!, sum);
      return { name: target.name, pool: target.pool, pid: target.pid, pids, ...sum };
    });
    const foreign = cgroupPids === null ? null : foreignIn(cgroupPids, selfPid);
    return { crew, processes, foreign };
  }

  return { measure };
}
