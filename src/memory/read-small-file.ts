// Reads the tiny files of /proc and /sys whole. They report a size of 0 or 4096 whatever they
// hold, so the reader loops until end of file instead of trusting fstat.
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

// ENOENT/ESRCH: the process exited; EACCES/EPERM: another user's process (smaps needs ptrace
// rights); ENOTDIR: the path names no directory (pid reuse races, a cgroup fixture with holes).
const UNREADABLE = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'ENOTDIR']);

function isUnreadable(error: unknown): boolean {
  return UNREADABLE.has((error as NodeJS.ErrnoException | null)?.code ?? '');
}

// Reads a small file synchronously; null when it is gone or may not be read.
export function readSmallFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (isUnreadable(error)) return null;
    throw error;
  }
  try {
    let buffer = Buffer.allocUnsafe(4096);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(length)]);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.toString('utf8', 0, length);
      length += read;
    }
  } catch (error) {
    if (isUnreadable(error)) return null;
    throw error;
  } finally {
    closeSync(fd);
  }
}

// Reads a small file on the libuv thread pool; null when it is gone or may not be read.
export async function readSmallFileAsync(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isUnreadable(error)) return null;
    throw error;
  }
}
