// php-fpm's status page as crew reads it, from either format (`?json&full` or the plain text
// `?full`): one pool's counters and, with `full`, one entry per child.

export interface FpmProcess {
  readonly pid: number;
  // `Idle`, `Running`, `Reading headers`, `Info`, `Finishing`, `Ending`.
  readonly state: string;
  // Unix time, seconds.
  readonly startTime: number;
  readonly startSince: number;
  // Requests served by this child since it started.
  readonly requests: number;
  // Of the current or last request, microseconds.
  readonly requestDuration: number;
  // null where FPM writes `-` (no request yet).
  readonly requestMethod: string | null;
  readonly requestUri: string | null;
  readonly contentLength: number;
  readonly user: string | null;
  readonly script: string | null;
  // Percent of one core, of the last request; 0 while one runs.
  readonly lastRequestCpu: number;
  // Peak memory of the last request, bytes; 0 while one runs.
  readonly lastRequestMemory: number;
}

export interface FpmStatus {
  readonly pool: string;
  // `static`, `dynamic` or `ondemand`.
  readonly processManager: string;
  // Unix time, seconds (the text format's `17/Mar/2019:11:14:02 +0100` converted).
  readonly startTime: number;
  readonly startSince: number;
  readonly acceptedConn: number;
  readonly listenQueue: number;
  readonly maxListenQueue: number;
  readonly listenQueueLen: number;
  // FPM's own counters; they can disagree with the children's states (countFpmStates).
  readonly idle: number;
  readonly active: number;
  readonly total: number;
  readonly maxActiveProcesses: number;
  readonly maxChildrenReached: number;
  // null where FPM does not say (older versions have no `slow requests`).
  readonly slowRequests: number | null;
  // Bytes; only PHP 8.4 and later say.
  readonly memoryPeak: number | null;
  // Empty without `full`.
  readonly processes: readonly FpmProcess[];
}

export interface FpmStateCounts {
  readonly idle: number;
  readonly active: number;
  readonly total: number;
}

// Idle, active and total counted from the children's states. FPM's scoreboard counters race
// under load and can exceed pm.max_children (php-src GH-14212, GH-18956, bug #76003); the list
// from `full` is a snapshot taken under the scoreboard's lock, so prefer this count when present.
export function countFpmStates(processes: readonly FpmProcess[]): FpmStateCounts {
  const idle = processes.filter((child) => child.state === 'Idle').length;
  return { idle, active: processes.length - idle, total: processes.length };
}
