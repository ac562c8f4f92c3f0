// Reading a config file (crew.yaml, a supervisord file and its includes) as text, bounded: at most
// a size cap is ever read, so `-c /dev/zero` or an `[include]` of a device ends with a clear
// message instead of filling the memory, and bytes that are not UTF-8 text are refused at their
// line instead of being turned into replacement characters.

import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';

// The largest config file crew reads; real ones are a few KiB.
export const MAX_CONFIG_BYTES = 1024 ** 2;

export interface TextFileOptions {
  readonly maxBytes?: number;
  // Refuse anything but a regular file (devices, FIFOs, sockets): for files found by a glob.
  readonly regularOnly?: boolean;
}

export type TextFile =
  | { readonly ok: true; readonly text: string }
  // What is wrong, as the end of a sentence about the file, and the line it concerns.
  | { readonly ok: false; readonly line: number; readonly problem: string };

function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line += 1;
  return line;
}

// The first line holding bytes that are not UTF-8 (a newline byte never sits inside a UTF-8
// sequence, so lines can be checked one at a time).
function firstNonUtf8Line(bytes: Buffer): number {
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const end = bytes.indexOf(10, start);
    const stop = end === -1 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) return line;
    start = stop + 1;
  }
  return 1;
}

// Reads the file; throws the fs error (ENOENT, EACCES...) when it cannot be opened, and one with
// the code EISDIR for a directory.
export function readTextFile(path: string, options: TextFileOptions = {}): TextFile {
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  // Checked before opening too: opening a FIFO waits for a writer.
  const before = options.regularOnly ? statSync(path) : null;
  if (before && !before.isFile() && !before.isDirectory()) {
    return { ok: false, line: 1, problem: `is ${kindOf(before)}, not a regular file` };
  }
  const fd = openSync(path, 'r');
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: 'EISDIR' });
    }
    if (options.regularOnly && !stats.isFile()) {
      return { ok: false, line: 1, problem: `is ${kindOf(stats)}, not a regular file` };
    }
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) {
      const limit =
        maxBytes % 1024 ** 2 === 0 ? `${maxBytes / 1024 ** 2} MiB` : `${maxBytes} bytes`;
      return { ok: false, line: 1, problem: `is larger than ${limit}, the most crew reads` };
    }
    bytes = buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, line: lineOf(bytes, nul), problem: 'holds a NUL byte: it is not text' };
  }
  if (!isUtf8(bytes)) {
    const line = firstNonUtf8Line(bytes);
    return { ok: false, line, problem: 'holds bytes that are not UTF-8 text' };
  }
  return { ok: true, text: bytes.toString('utf8') };
}
