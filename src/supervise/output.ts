// Child output never accumulates in crew's heap: it streams to crew's stdout/stderr (each line
// prefixed with the process name, with backpressure) or to a rotating file, and a small bounded
// tail is kept for `crew tail`.
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import type { LogTarget } from '../config/types.js';
import { createRotatingFile } from './rotating-file.js';

export type StreamName = 'stdout' | 'stderr';
export type Follower = (stream: StreamName, chunk: string) => void;

export const tailBytes = 16 * 1024;
const maxLineBytes = 16 * 1024;

// The last bytes a process wrote on one stream; bounded.
export class TailBuffer {
  private text = '';
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > tailBytes * 2) this.text = this.text.slice(-tailBytes);
  }
  read(bytes = tailBytes): string {
    return this.text.slice(-Math.min(bytes, tailBytes));
  }
}

// Splits a byte stream into lines and writes each as `format` makes it (with its newline); long
// lines are cut.
function createLineFormatter(format: (line: string) => string): Transform {
  let pending = '';
  return new Transform({
    decodeStrings: false,
    transform(chunk: Buffer | string, _enc, done: TransformCallback) {
      pending += chunk.toString();
      const lastNewline = pending.lastIndexOf('\n');
      let out = '';
      if (lastNewline >= 0) {
        for (const line of pending.slice(0, lastNewline).split('\n')) out += format(line);
        pending = pending.slice(lastNewline + 1);
      }
      if (pending.length > maxLineBytes) {
        out += format(pending);
        pending = '';
      }
      done(null, out);
    },
    flush(done: TransformCallback) {
      done(null, pending.length > 0 ? format(pending) : '');
    },
  });
}

// Writes a source into a shared target with backpressure, without `pipe`: dozens of processes
// share crew's stdout, and a listener is added to it only while a source waits for 'drain'.
// A target that is gone (crew's stdout was a pipe whose reader exited: `crew up | tee`, then
// Ctrl-C) takes nothing more: lines are dropped rather than left to fill the child's pipe and
// block the child. The tail buffers still keep them for `crew tail`.
function forward(source: Transform, target: Writable) {
  source.on('data', (chunk: string) => {
    if (isGone(target)) return;
    if (target.write(chunk)) return;
    source.pause();
    const resume = () => {
      target.off('drain', resume);
      target.off('close', resume);
      source.resume();
    };
    target.on('drain', resume);
    target.on('close', resume);
  });
}

const isGone = (target: Writable) =>
  target.destroyed || target.writableEnded || (target.errored ?? null) !== null;

export interface ProcessOutput {
  readonly tails: Record<StreamName, TailBuffer>;
  readonly followers: Set<Follower>;
  // Connects a freshly spawned child's pipes.
  attach(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream): void;
  // Where `crew tail` finds the whole log, when it is a file.
  filePath(stream: StreamName): string | null;
  close(): void;
}

export interface OutputTargets {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

// How a line a process writes to crew's stream looks: `name | line`, or with `log_format: json`
// one JSON object, as crew's own lines (daemon/crew-log.ts), so a collector reads one format.
export type LineStyle = 'text' | 'json';

function lineFormat(name: string, pool: string, stream: StreamName, style: () => LineStyle) {
  return (line: string) =>
    style() === 'json'
      ? `${JSON.stringify({ level: 'info', time: Date.now(), msg: line, pool, process: name, stream })}\n`
      : `${name} | ${line}\n`;
}

// Creates the output plumbing of one process according to its pool's `logs`.
export function createProcessOutput(
  name: string,
  logs: LogTarget,
  render: (template: string) => string,
  targets: OutputTargets = { stdout: process.stdout, stderr: process.stderr },
  style: { readonly pool: string; readonly lines: () => LineStyle } = {
    pool: '',
    lines: () => 'text',
  },
): ProcessOutput {
  const tails = { stdout: new TailBuffer(), stderr: new TailBuffer() };
  const followers = new Set<Follower>();
  const files =
    logs.kind === 'file'
      ? {
          stdout: createRotatingFile(render(logs.stdout), logs.maxBytes, logs.backups),
          stderr:
            logs.stderr === null
              ? null
              : createRotatingFile(render(logs.stderr), logs.maxBytes, logs.backups),
        }
      : null;

  const observe = (stream: StreamName, source: NodeJS.ReadableStream) => {
    source.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tails[stream].push(text);
      for (const follower of followers) follower(stream, text);
    });
  };

  return {
    tails,
    followers,
    attach(stdout, stderr) {
      observe('stdout', stdout);
      observe('stderr', stderr);
      if (files) {
        stdout.pipe(files.stdout, { end: false });
        stderr.pipe(files.stderr ?? files.stdout, { end: false });
        return;
      }
      const lines = (stream: StreamName) =>
        createLineFormatter(lineFormat(name, style.pool, stream, style.lines));
      forward(stdout.pipe(lines('stdout')), targets.stdout);
      forward(stderr.pipe(lines('stderr')), targets.stderr);
    },
    filePath(stream) {
      if (!files) return null;
      return (stream === 'stderr' ? (files.stderr ?? files.stdout) : files.stdout).path;
    },
    close() {
      files?.stdout.end();
      files?.stderr?.end();
      followers.clear();
    },
  };
}
