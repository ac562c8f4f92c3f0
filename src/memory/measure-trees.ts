// One tick's measurement of crew and of every managed process's whole tree: /proc listed once
// and shared by all trees, RSS from each member's statm, PSS/USS/swap from smaps_rollup for the
// processes due (see measured-processes.ts). Buffers, tables and lists are reused from tick to tick.
import {
  addEstimate,
  createMeasuredProcesses,
  type FullReading,
  type MeasuredProcess,
} from './measured-processes.js';
import { encodeKeys, parseKbBytes, parseNumbersBytes } from './proc-bytes.js';
import {
  collectTree,
  createIndexList,
  createProcTable,
  indexOfPid,
  pushIndex,
} from './proc-table.js';
import { createReadBuffer, readIntoAsync, readIntoSync } from './read-into.js';
import type { FiguresSum, MemoryFigures, ProcessSample, SampleTarget } from './sample.js';
import { scanProcesses } from './scan-processes.js';

export interface TreeMeasurerOptions {
  readonly procRoot: string;
  readonly refreshTicks: number;
  readonly pageSizeBytes: number;
}

export interface TreeMeasurement {
  readonly crew: MemoryFigures;
  readonly processes: ProcessSample[];
}

const ZOMBIE = 0x5a;
const ROLLUP_KEYS = encodeKeys(['Rss', 'Pss', 'Private_Clean', 'Private_Dirty', 'Swap']);
const STATUS_KEYS = encodeKeys(['VmRSS', 'RssAnon', 'VmSwap']);

function emptySum(): FiguresSum {
  return { pssBytes: 0, rssBytes: 0, ussBytes: 0, swapBytes: 0 };
}

// Measures trees tick after tick; not reentrant (the sampler runs one tick at a time).
export function createTreeMeasurer(options: TreeMeasurerOptions) {
  const { procRoot, pageSizeBytes } = options;
  const table = createProcTable();
  const known = createMeasuredProcesses(options.refreshTicks);
  const statBuffer = createReadBuffer();
  const fullBuffer = createReadBuffer();
  const fields = new Float64Array(ROLLUP_KEYS.length);
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

  // Fills `reading` from smaps_rollup, or from status where smaps is out of reach (another
  // user's process); false when the process is gone.
  async function readFull(pid: number): Promise<boolean> {
    const length = await readIntoAsync(`${procRoot}/${pid}/smaps_rollup`, fullBuffer);
    if (length > 0) parseKbBytes(fullBuffer.bytes, length, ROLLUP_KEYS, fields);
    // A zombie's or a kernel thread's smaps_rollup holds no counters.
    if (length > 0 && !Number.isNaN(fields[0]! + fields[1]!)) {
      reading.rssBytes = fields[0]!;
      reading.pssBytes = fields[1]!;
      reading.ussBytes = (fields[2]! || 0) + (fields[3]! || 0);
      reading.swapBytes = fields[4]! || 0;
      return true;
    }
    // Approximate, as parseStatusMemory (process-memory.ts): PSS is RSS, USS is RssAnon.
    const statusLength = readIntoSync(`${procRoot}/${pid}/status`, fullBuffer);
    if (statusLength <= 0) return false;
    parseKbBytes(fullBuffer.bytes, statusLength, STATUS_KEYS, fields);
    const rss = fields[0]!;
    if (Number.isNaN(rss)) return false;
    reading.rssBytes = rss;
    reading.pssBytes = rss;
    reading.ussBytes = Number.isNaN(fields[1]!) ? rss : fields[1]!;
    reading.swapBytes = fields[2]! || 0;
    return true;
  }

  async function refresh(entry: MeasuredProcess, zombie: boolean, onError: (e: unknown) => void) {
    try {
      if (zombie) reading.rssBytes = reading.pssBytes = reading.ussBytes = reading.swapBytes = 0;
      else if (!(await readFull(entry.pid))) {
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

  // Measures selfPid alone and each target's tree; never throws, passing failures to onError.
  async function measure(
    targets: readonly SampleTarget[],
    selfPid: number,
    onError: (error: unknown) => void,
  ): Promise<TreeMeasurement> {
    tick++;
    try {
      scanProcesses(table, procRoot, statBuffer, onError);
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
    for (let member = 0; member < trees.length; member++)
      members[member] = see(trees.items[member]!, onError);
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
    return { crew, processes };
  }

  return { measure, knownCount: () => known.size };
}
