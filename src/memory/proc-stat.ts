// /proc/PID/stat (proc(5)): identity, parentage and CPU time of one process.
import { CrewError } from '../errors/crew-error.js';
import { readSmallFile } from './read-small-file.js';

export interface ProcStat {
  readonly pid: number;
  // The kernel's 15-byte name: may hold spaces and parentheses, e.g. "(sd-pam)".
  readonly comm: string;
  // R running, S sleeping, D disk sleep, Z zombie, T stopped, t traced, I idle, X dead.
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
  readonly sid: number;
  // Start time after boot in clock ticks (field 22); with pid it names a process across pid reuse.
  readonly startTicks: number;
  readonly utimeTicks: number;
  readonly stimeTicks: number;
  readonly rssPages: number;
}

// Where the fields stand in the text after "comm) ", counted from 0: field N of proc(5)
// (1-based) is at N - 3. Shared with the byte parser (proc-bytes.ts).
export const STAT_FIELD = {
  state: 0,
  ppid: 1,
  pgid: 2,
  sid: 3,
  utime: 11,
  stime: 12,
  start: 19,
  rss: 21,
} as const;

function malformed(text: string): CrewError {
  return new CrewError(
    'CREW_INTERNAL',
    `Unexpected /proc/PID/stat line "${text.slice(0, 80)}"; is /proc a Linux procfs?`,
  );
}

// Parses the text of /proc/PID/stat; comm ends at the LAST ')' since it may contain ')' itself.
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) throw malformed(text);
  const rest = text
    .slice(close + 2)
    .trimEnd()
    .split(' ');
  if (rest.length <= STAT_FIELD.rss) throw malformed(text);
  const numberAt = (index: number): number => {
    const value = Number(rest[index]);
    if (!Number.isFinite(value)) throw malformed(text);
    return value;
  };
  const pid = Number(text.slice(0, open));
  if (!Number.isInteger(pid)) throw malformed(text);
  return {
    pid,
    comm: text.slice(open + 2, close),
    state: rest[STAT_FIELD.state]!,
    ppid: numberAt(STAT_FIELD.ppid),
    pgid: numberAt(STAT_FIELD.pgid),
    sid: numberAt(STAT_FIELD.sid),
    startTicks: numberAt(STAT_FIELD.start),
    utimeTicks: numberAt(STAT_FIELD.utime),
    stimeTicks: numberAt(STAT_FIELD.stime),
    rssPages: numberAt(STAT_FIELD.rss),
  };
}

// Reads /proc/PID/stat; null when the process is gone.
export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | null {
  const text = readSmallFile(`${procRoot}/${pid}/stat`);
  return text === null || text === '' ? null : parseProcStat(text);
}
