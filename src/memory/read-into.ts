// Reads a small /proc file into a buffer that is reused from read to read (it grows when a file
// fills it), so that a tick makes no strings. The async read keeps the kernel's work for
// smaps_rollup (a page-table walk, ~0.5-1 ms for an idle Node process) off the event loop.
// stat, status and smaps_rollup are single-record seq_files: the kernel formats the whole file
// and hands out as much as fits, so a read that leaves room in the buffer has reached the end;
// stopping there spares the read that would return 0.
import { closeSync, openSync, read, readSync } from 'node:fs';

export interface ReadBuffer {
  bytes: Buffer;
}

// The file cannot be read because the process is gone (ENOENT, ESRCH), is another user's
// (EACCES, EPERM: smaps needs ptrace rights) or the pid was reused by a non-process (ENOTDIR).
export const GONE = -1;

const UNREADABLE = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'ENOTDIR']);

// True when an error only says the process is gone or out of reach.
export function isUnreadable(error: unknown): boolean {
  return UNREADABLE.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

export function createReadBuffer(size = 4096): ReadBuffer {
  return { bytes: Buffer.allocUnsafe(size) };
}

function grow(buffer: ReadBuffer): void {
  const bigger = Buffer.allocUnsafe(buffer.bytes.length * 2);
  buffer.bytes.copy(bigger);
  buffer.bytes = bigger;
}

function openOrGone(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if (isUnreadable(error)) return GONE;
    throw error;
  }
}

function goneOrThrow(error: unknown): number {
  if (isUnreadable(error)) return GONE;
  throw error;
}

// Opens the file, reads it with `read` and closes it, sync or async as `read` is; GONE when the
// process is gone before or during the read.
function withFile(path: string, read: (fd: number) => number): number;
function withFile(path: string, read: (fd: number) => Promise<number>): Promise<number> | number;
function withFile(path: string, read: (fd: number) => number | Promise<number>) {
  const fd = openOrGone(path);
  if (fd === GONE) return GONE;
  let result: number | Promise<number>;
  try {
    result = read(fd);
  } catch (error) {
    closeSync(fd);
    return goneOrThrow(error);
  }
  if (typeof result === 'number') {
    closeSync(fd);
    return result;
  }
  return result.then(
    (length) => {
      closeSync(fd);
      return length;
    },
    (error: unknown) => {
      closeSync(fd);
      return goneOrThrow(error);
    },
  );
}

// The reads of one file as steps: yields where the next chunk goes, is sent the bytes it got,
// returns the file's length once a read leaves room in the buffer.
function* readSteps(buffer: ReadBuffer): Generator<number, number, number> {
  let length = 0;
  for (;;) {
    if (length === buffer.bytes.length) grow(buffer);
    const room = buffer.bytes.length - length;
    const count = yield length;
    length += count;
    if (count < room) return length;
  }
}

// Reads the whole file; returns its length, or GONE. Other errors are thrown.
export function readIntoSync(path: string, buffer: ReadBuffer): number {
  return withFile(path, (fd) => {
    const steps = readSteps(buffer);
    let step = steps.next();
    while (!step.done) {
      const room = buffer.bytes.length - step.value;
      step = steps.next(readSync(fd, buffer.bytes, step.value, room, null));
    }
    return step.value;
  });
}

function readChunk(fd: number, buffer: ReadBuffer, at: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer.bytes, at, buffer.bytes.length - at, null, (error, count) => {
      if (error) reject(error);
      else resolve(count);
    });
  });
}

// Like readIntoSync with the reads on the thread pool; open and close, which are cheap in
// /proc, stay synchronous to spare two trips to the pool.
export async function readIntoAsync(path: string, buffer: ReadBuffer): Promise<number> {
  return withFile(path, async (fd) => {
    const steps = readSteps(buffer);
    let step = steps.next();
    while (!step.done) step = steps.next(await readChunk(fd, buffer, step.value));
    return step.value;
  });
}
