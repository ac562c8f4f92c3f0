// `crew top`: a live view of pools, processes with memory bars, queues and the last decisions,
// redrawn in place on the alternate screen every second until `q` or Ctrl-C, which restore the
// terminal. `--once` (or output that is not a terminal) prints one frame and exits.
import { callDaemon } from '../control/client.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { type FrameSize, renderTop } from './top-format.js';

export interface TopOptions extends SocketOptions {
  readonly once?: boolean;
}

// What the live view needs of a terminal; tests pass a fake.
export interface Terminal {
  write(text: string): void;
  size(): FrameSize;
  // Calls fn with each key pressed; returns the function that stops listening.
  onKey(fn: (key: string) => void): () => void;
  onResize(fn: () => void): () => void;
  // Raw mode on (keys arrive one by one, Ctrl-C as \x03) or off.
  setRaw(raw: boolean): void;
}

const ENTER = '\x1b[?1049h\x1b[?25l'; // alternate screen, cursor hidden
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

// Draws frames every intervalMs until q, Q or Ctrl-C; always restores the terminal.
export async function runLive(
  frame: (size: FrameSize) => Promise<string[]>,
  terminal: Terminal,
  intervalMs = 1000,
): Promise<void> {
  let quit: () => void = () => {};
  const quitting = new Promise<void>((resolve) => {
    quit = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  let drawing = false;
  let stopped = false;
  const draw = async () => {
    if (drawing || stopped) return;
    drawing = true;
    clearTimeout(timer);
    let lines: string[];
    try {
      lines = await frame(terminal.size());
    } catch (error) {
      lines = [`crew top: ${(error as Error).message}`, '', 'retrying every second; q quits'];
    }
    drawing = false;
    if (stopped) return;
    terminal.write(`${HOME}${lines.join(`${CLEAR_LINE}\n`)}${CLEAR_LINE}${CLEAR_BELOW}`);
    timer = setTimeout(() => void draw(), intervalMs);
  };
  terminal.write(ENTER);
  terminal.setRaw(true);
  const offKey = terminal.onKey((key) => {
    if (key === 'q' || key === 'Q' || key === '\x03') quit();
  });
  const offResize = terminal.onResize(() => void draw());
  const onSignal = () => quit();
  process.once('SIGTERM', onSignal);
  try {
    await draw();
    await quitting;
  } finally {
    stopped = true;
    clearTimeout(timer);
    offKey();
    offResize();
    process.off('SIGTERM', onSignal);
    terminal.setRaw(false);
    terminal.write(LEAVE);
  }
}

// The process's own terminal.
export function nodeTerminal(): Terminal {
  const { stdin, stdout } = process;
  return {
    write: (text) => stdout.write(text),
    size: () => ({ columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 }),
    onKey(fn) {
      const listener = (data: Buffer) => fn(data.toString('utf8'));
      stdin.on('data', listener);
      stdin.resume();
      return () => {
        stdin.off('data', listener);
        stdin.pause();
      };
    },
    onResize(fn) {
      stdout.on('resize', fn);
      return () => stdout.off('resize', fn);
    },
    setRaw: (raw) => stdin.setRawMode?.(raw),
  };
}

export async function top(options: TopOptions, output: Output): Promise<number> {
  const socket = await resolveSocketPath(options);
  const frame = async (size: FrameSize) => renderTop(await callDaemon(socket, 'overview'), size);
  const live = process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (options.once || !live) {
    // Asked before anything is drawn, so a daemon that is not running is a plain error.
    const columns = process.stdout.isTTY
      ? (process.stdout.columns ?? 80)
      : Number.POSITIVE_INFINITY;
    for (const line of await frame({ columns, rows: null })) output.out(line);
    return 0;
  }
  await callDaemon(socket, 'overview');
  await runLive(frame, nodeTerminal());
  return 0;
}
