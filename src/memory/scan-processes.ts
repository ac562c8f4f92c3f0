// Lists every process once per tick: one readdir of /proc and one read of each /proc/PID/stat
// (~15 us of kernel time each), which is how a fork since the last tick is seen.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { CrewError } from '../errors/crew-error.js';
import { encodeKeys, parseKbBytes, parseStatBytes, type StatFields } from './proc-bytes.js';
import { addProcess, linkChildren, type ProcTable } from './proc-table.js';
import { GONE, type ReadBuffer, readIntoSync } from './read-into.js';

const ZERO = 48;
const NINE = 57;

// Refills the table from procRoot and links parents to children. A process that exits
// meanwhile is left out; any other failure of one file is passed to onError and skipped.
export function scanProcesses(
  table: ProcTable,
  procRoot: string,
  buffer: ReadBuffer,
  onError: (error: unknown) => void,
): void {
  table.count = 0;
  table.sorted = true;
  const stat: StatFields = { ppid: 0, state: 0, startTicks: 0, rssPages: 0 };
  for (const name of readdirSync(procRoot)) {
    const first = name.charCodeAt(0);
    if (first < ZERO || first > NINE) continue;
    try {
      const length = readIntoSync(`${procRoot}/${name}/stat`, buffer);
      if (length === GONE || length === 0) continue;
      if (parseStatBytes(buffer.bytes, length, stat)) addProcess(table, Number(name), stat);
      else onError(malformed(procRoot, name, buffer, length));
    } catch (error) {
      onError(error);
    }
  }
  linkChildren(table);
}

function malformed(procRoot: string, name: string, buffer: ReadBuffer, length: number) {
  const text = buffer.bytes.toString('latin1', 0, Math.min(length, 80));
  return new CrewError(
    'CREW_INTERNAL',
    `Unexpected ${procRoot}/${name}/stat line "${text}"; is ${procRoot} a Linux procfs?`,
  );
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
