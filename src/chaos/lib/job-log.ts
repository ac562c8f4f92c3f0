// Reads the log the chaos `work` handler writes: every start and end of every job, with its try,
// the process that ran it and when.
import { existsSync, readFileSync } from 'node:fs';

export interface Mark {
  readonly n: number;
  readonly attempt: number;
  readonly pid: number;
  readonly at: number;
}

export interface JobLog {
  readonly starts: readonly Mark[];
  readonly dones: readonly Mark[];
  // Job numbers that finished at least once.
  readonly finished: ReadonlySet<number>;
}

export function readJobLog(path: string): JobLog {
  const starts: Mark[] = [];
  const dones: Mark[] = [];
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const [kind, n, attempt, pid, at] = line.split(' ');
      if (kind !== 'start' && kind !== 'done') continue;
      const mark = { n: Number(n), attempt: Number(attempt), pid: Number(pid), at: Number(at) };
      (kind === 'start' ? starts : dones).push(mark);
    }
  }
  return { starts, dones, finished: new Set(dones.map((d) => d.n)) };
}

// Jobs a process had started and not finished: those in flight when it died.
export function inFlight(log: JobLog, pid: number): number[] {
  const done = new Set(log.dones.filter((d) => d.pid === pid).map((d) => d.n));
  return log.starts.filter((s) => s.pid === pid && !done.has(s.n)).map((s) => s.n);
}

// The given percentile (0..1) of the values, or 0 for none.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
