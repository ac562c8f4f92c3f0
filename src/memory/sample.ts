// What one tick of the memory sampler reports: the container, crew itself, and each managed
// process's whole tree.
import type { ContainerMemory } from './cgroup.js';

export interface MemoryFigures {
  // Proportional set size: the fair share of shared pages; sums over processes add up.
  readonly pssBytes: number;
  // Resident set size: shared pages counted in full in every process.
  readonly rssBytes: number;
  // Unique set size: what killing the process alone would free.
  readonly ussBytes: number;
  readonly swapBytes: number;
}

// A managed process that is up, as the supervisor names it.
export interface SampleTarget {
  readonly name: string;
  readonly pool: string;
  readonly pid: number;
}

// A managed process and all its descendants, summed.
export interface ProcessSample extends SampleTarget, MemoryFigures {
  // How many processes the tree held (the root included); 0 when the root was gone.
  readonly pids: number;
}

export type ContainerFigures = Pick<ContainerMemory, 'usageBytes' | 'limitBytes' | 'hasLimit'>;

// The processes in crew's memory cgroup that crew did not start: neither crew nor anything below
// it (an entrypoint above crew, a php-fpm started beside it, a `docker exec` shell, a test runner).
export interface ForeignProcesses {
  readonly processes: number;
  // Their RSS, as /proc/PID/stat last showed it.
  readonly rssBytes: number;
  // Of `processes`, those /proc does not show (another pid namespace): memory unknown.
  readonly unseen: number;
}

export interface Sample {
  // When the tick began, in ms since the epoch (the sampler's clock).
  readonly at: number;
  // null when no memory cgroup can be read.
  readonly container: ContainerFigures | null;
  // crew's own process (not its children, which the processes below cover).
  readonly crew: MemoryFigures;
  readonly processes: readonly ProcessSample[];
  // What else the cgroup holds; null or absent when its process list cannot be read.
  readonly foreign?: ForeignProcesses | null;
}

// A mutable sum of figures, filled while a tick adds up a tree.
export interface FiguresSum {
  pssBytes: number;
  rssBytes: number;
  ussBytes: number;
  swapBytes: number;
}
