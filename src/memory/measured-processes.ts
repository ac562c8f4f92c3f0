// What the sampler knows of each process it measures. RSS comes from /proc/PID/statm every
// tick, which is cheap. PSS, USS and swap come from smaps_rollup, which costs a page-table walk
// (~1 ms of kernel time for an idle Node worker): each tick reads it for every process never
// read before, plus the ones read longest ago, n / refreshTicks of them on average, so that each
// is read again at least every `refreshTicks` ticks. In between, a change of anonymous memory
// (statm's resident minus shared: heap, buffers, what leaks) is taken to be private, so PSS and
// USS follow it at once; file-backed pages (code a process maps as it warms up, mostly shared)
// and sharing that changes without RSS moving (a sibling exiting) show at the next full read.
import type { FiguresSum } from './sample.js';

export interface MeasuredProcess {
  readonly pid: number;
  startTicks: number;
  // This tick's RSS and anonymous resident memory (NaN when statm could not be read).
  rssBytes: number;
  anonBytes: number;
  // Figures from the last full read; fullTick is -1 before the first.
  fullRssBytes: number;
  fullAnonBytes: number;
  fullPssBytes: number;
  fullUssBytes: number;
  swapBytes: number;
  fullTick: number;
  seenTick: number;
  // Set when the process turned out to be gone while this tick read it.
  gone: boolean;
}

export interface FullReading {
  rssBytes: number;
  pssBytes: number;
  ussBytes: number;
  swapBytes: number;
}

// Processes seen this tick, kept in order of their last full read, oldest first.
export interface MeasuredProcesses {
  // Notes that pid is alive this tick; a new pid (or a reused one: another startTicks) starts over.
  see(
    pid: number,
    startTicks: number,
    rssBytes: number,
    anonBytes: number,
    tick: number,
  ): MeasuredProcess;
  // Fills `out` with the processes due for a full read this tick; returns how many.
  pickDue(tick: number, out: MeasuredProcess[]): number;
  recordFull(entry: MeasuredProcess, reading: FullReading, tick: number): void;
  // Forgets the processes not seen this tick.
  prune(tick: number): void;
  readonly size: number;
}

export function createMeasuredProcesses(refreshTicks: number): MeasuredProcesses {
  if (!(refreshTicks >= 1)) throw new RangeError(`refreshTicks ${refreshTicks} is not >= 1`);
  // A Map iterates in insertion order; a full read moves its entry to the end.
  const entries = new Map<number, MeasuredProcess>();
  // Fractions of a read carried from tick to tick.
  let credit = 0;
  return {
    see(pid, startTicks, rssBytes, anonBytes, tick) {
      let entry = entries.get(pid);
      if (entry === undefined || entry.startTicks !== startTicks) {
        entries.delete(pid);
        entry = {
          pid,
          startTicks,
          rssBytes,
          anonBytes,
          fullRssBytes: 0,
          fullAnonBytes: 0,
          fullPssBytes: 0,
          fullUssBytes: 0,
          swapBytes: 0,
          fullTick: -1,
          seenTick: tick,
          gone: false,
        };
        entries.set(pid, entry);
      }
      entry.rssBytes = rssBytes;
      entry.anonBytes = anonBytes;
      entry.seenTick = tick;
      entry.gone = false;
      return entry;
    },
    pickDue(tick, out) {
      let seen = 0;
      for (const entry of entries.values()) {
        if (entry.seenTick === tick && entry.fullTick >= 0) seen++;
      }
      // n / refreshTicks reads a tick on average, oldest first, reach every one of n processes
      // within refreshTicks ticks; one overdue all the same (n grew) is read on top, and so is
      // every new process.
      credit += seen / refreshTicks;
      let quota = Math.floor(credit);
      credit -= quota;
      let count = 0;
      for (const entry of entries.values()) {
        if (entry.seenTick !== tick) continue;
        if (entry.fullTick < 0) out[count++] = entry;
        else if (quota > 0 || tick - entry.fullTick >= refreshTicks) {
          out[count++] = entry;
          quota--;
        }
      }
      return count;
    },
    recordFull(entry, reading, tick) {
      entry.rssBytes = reading.rssBytes;
      entry.fullRssBytes = reading.rssBytes;
      entry.fullAnonBytes = entry.anonBytes;
      entry.fullPssBytes = reading.pssBytes;
      entry.fullUssBytes = reading.ussBytes;
      entry.swapBytes = reading.swapBytes;
      entry.fullTick = tick;
      entries.delete(entry.pid);
      entries.set(entry.pid, entry);
    },
    prune(tick) {
      for (const entry of entries.values()) {
        if (entry.seenTick !== tick) entries.delete(entry.pid);
      }
    },
    get size() {
      return entries.size;
    },
  };
}

function clamp(value: number, high: number): number {
  return Math.max(0, Math.min(value, high));
}

// Adds a process's current figures to a sum: RSS as read, PSS and USS moved by the change of
// anonymous memory since the last full read (of RSS when statm was unreadable), never below 0
// nor above RSS.
export function addEstimate(sum: FiguresSum, entry: MeasuredProcess): void {
  const anonDelta = entry.anonBytes - entry.fullAnonBytes;
  const delta = Number.isNaN(anonDelta) ? entry.rssBytes - entry.fullRssBytes : anonDelta;
  sum.rssBytes += entry.rssBytes;
  sum.pssBytes += clamp(entry.fullPssBytes + delta, entry.rssBytes);
  sum.ussBytes += clamp(entry.fullUssBytes + delta, entry.rssBytes);
  sum.swapBytes += entry.swapBytes;
}
