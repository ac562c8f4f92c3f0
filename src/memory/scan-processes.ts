// Lists every process once per tick: one readdir of /proc, so that a fork since the last tick
// is seen, and a read of /proc/PID/stat (10-17 us of kernel time for a Node process) for each
// new pid and each process measured last tick. Any other process keeps what the last tick read
// of it: it is in no measured tree, and could only join one by being reparented there when its
// parent exits, so it is read again when its parent is gone from /proc, and every process is
// read again every `rereadEveryTicks` ticks all the same. On a host with hundreds of processes
// this saves most of the reads; in a container, where crew's trees are nearly everything, little.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { CrewError } from '../errors/crew-error.js';
import { encodeKeys, parseKbBytes, parseStatBytes, type StatFields } from './proc-bytes.js';
import {
  addProcess,
  copyProcess,
  createProcTable,
  indexOfPid,
  linkChildren,
  type ProcTable,
  setStat,
} from './proc-table.js';
import { GONE, type ReadBuffer, readIntoSync } from './read-into.js';

const ZERO = 48;
const NINE = 57;

export interface ProcessScanner {
  // Lists /proc into the table of this tick, linked parent to child; a process that exits
  // meanwhile is left out, any other failure of one file is passed to onError and skipped.
  scan(onError: (error: unknown) => void): ProcTable;
}

export function createProcessScanner(
  procRoot: string,
  buffer: ReadBuffer,
  rereadEveryTicks = 10,
): ProcessScanner {
  let current = createProcTable();
  let previous = createProcTable();
  let scans = 0;
  const stat: StatFields = { ppid: 0, state: 0, startTicks: 0, rssPages: 0 };

  // Reads pid's stat into `stat`; false when the process is gone or the line is malformed.
  function readStat(pid: number, onError: (error: unknown) => void): boolean {
    try {
      const length = readIntoSync(`${procRoot}/${pid}/stat`, buffer);
      if (length === GONE || length === 0) return false;
      if (parseStatBytes(buffer.bytes, length, stat)) return true;
      onError(malformed(`${procRoot}/${pid}/stat`, buffer, length));
    } catch (error) {
      onError(error);
    }
    return false;
  }

  return {
    scan(onError) {
      [previous, current] = [current, previous];
      current.count = 0;
      current.sorted = true;
      const rereadAll = scans++ % rereadEveryTicks === 0;
      for (const name of readdirSync(procRoot)) {
        const first = name.charCodeAt(0);
        if (first < ZERO || first > NINE) continue;
        const pid = Number(name);
        const before = rereadAll ? -1 : indexOfPid(previous, pid);
        if (before >= 0 && previous.measured[before] === 0) copyProcess(previous, before, current);
        else if (readStat(pid, onError)) addProcess(current, pid, stat);
      }
      // A process whose parent has gone was reparented: read where to.
      for (let index = 0; index < current.count; index++) {
        const ppid = current.ppids[index]!;
        if (ppid === 0 || indexOfPid(current, ppid) >= 0) continue;
        if (readStat(current.pids[index]!, onError)) setStat(current, index, stat);
      }
      linkChildren(current);
      return current;
    },
  };
}

function malformed(path: string, buffer: ReadBuffer, length: number) {
  const text = buffer.bytes.toString('latin1', 0, Math.min(length, 80));
  return new CrewError('CREW_INTERNAL', `Unexpected ${path} line "${text}"; is /proc a procfs?`);
}

const PAGE_SIZE_KEYS = encodeKeys(['KernelPageSize']);

// The size of a page, in which stat counts RSS: the first mapping's KernelPageSize in
// /proc/self/smaps (only its first 4 KiB are read, which walks a mapping or two); 4096 when
// that cannot be read.
export function readPageSize(procRoot: string): number {
  const bytes = Buffer.alloc(4096);
  const size = new Float64Array(1);
  try {
    const fd = openSync(`${procRoot}/self/smaps`, 'r');
    try {
      parseKbBytes(bytes, readSync(fd, bytes, 0, bytes.length, null), PAGE_SIZE_KEYS, size);
    } finally {
      closeSync(fd);
    }
  } catch {
    // No such file: not Linux, or a fixture procRoot.
  }
  return size[0]! > 0 ? size[0]! : 4096;
}
