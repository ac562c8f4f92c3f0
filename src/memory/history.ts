// Memory over time for charts: every sample at 1 s resolution for the last 15 minutes, and
// per-minute averages for the last 24 hours, in rings preallocated at creation. Series:
// container usage, crew's PSS, and each pool's PSS total (a series per pool, made when the pool
// first appears). Pure: time comes from the samples' `at`.
import { createRollupRing, type HistorySeries } from './rollup-ring.js';
import type { Sample } from './sample.js';

export type { HistorySeries } from './rollup-ring.js';

export type HistoryResolution = '1s' | '1m';

export interface ReadHistoryOptions {
  readonly resolution: HistoryResolution;
  // Only points whose bucket starts at or after this time (ms since the epoch).
  readonly sinceMs?: number;
}

export interface MemoryHistory {
  record(sample: Sample): void;
  read(options: ReadHistoryOptions): HistorySeries;
}

export interface MemoryHistoryOptions {
  // 900 one-second points: 15 minutes.
  readonly secondPoints?: number;
  // 1440 one-minute points: 24 hours.
  readonly minutePoints?: number;
}

// Creates an empty history.
export function createMemoryHistory(options: MemoryHistoryOptions = {}): MemoryHistory {
  const rings = {
    '1s': createRollupRing(options.secondPoints ?? 900, 1000),
    '1m': createRollupRing(options.minutePoints ?? 1440, 60_000),
  };
  return {
    record(sample) {
      const input = {
        at: sample.at,
        containerBytes: sample.container?.usageBytes ?? null,
        crewBytes: sample.crew.pssBytes,
        processes: sample.processes,
      };
      rings['1s'].record(input);
      rings['1m'].record(input);
    },
    read({ resolution, sinceMs }) {
      return rings[resolution].read(sinceMs);
    },
  };
}
