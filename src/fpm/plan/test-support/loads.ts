// Status readings and child samples shaped like the loads the pm rules tell apart: busy and
// steady, mostly idle, bursty, and children that leak.
import type { FpmChildSample, FpmCurrent, FpmLoadSample } from '../plan-types.js';

export const KiB = 1024;
export const MiB = 1024 ** 2;
export const MINUTE_MS = 60_000;

export interface Reading {
  readonly active: number;
  readonly queued?: number;
  // max children reached, as FPM's counter reads at this reading (carried forward when unset).
  readonly reached?: number;
  // accepted conn, when the counter must jump (a restart); else it grows by requestsPerMinute.
  readonly accepted?: number;
}

// Readings a minute apart, `requestsPerMinute` accepted between each.
export function loadOf(readings: readonly Reading[], requestsPerMinute: number): FpmLoadSample[] {
  let accepted = 1000;
  let reached = 0;
  return readings.map((reading, index) => {
    if (index > 0) accepted += requestsPerMinute;
    accepted = reading.accepted ?? accepted;
    reached = reading.reached ?? reached;
    return {
      atMs: index * MINUTE_MS,
      active: reading.active,
      idle: 2,
      listenQueue: reading.queued ?? 0,
      acceptedConn: accepted,
      maxChildrenReached: reached,
    };
  });
}

const repeat = (count: number, reading: Reading): Reading[] => Array(count).fill(reading);

// An hour at 8 busy, 20 requests/s.
export const busyLoad = loadOf(repeat(61, { active: 8 }), 1200);

// An hour with nothing busy at any reading, 0.5 requests/s.
export const idleLoad = loadOf(repeat(61, { active: 0 }), 30);

// 20 minutes mostly at 2 busy with bursts: median 2, p95 6, peak 7 busy + 1 queued (when
// max_children was reached twice), 5 requests/s.
export const burstyLoad = loadOf(
  [2, 2, 3, 2, 6, 2, 2, 3, 2, 2, 7, 2, 2, 3, 2, 2, 6, 2, 2, 3].map((active, index) =>
    index === 10 ? { active, queued: 1, reached: 2 } : { active },
  ),
  300,
);

// Three children seen 5 times each, growing 100 KiB a request from 40 MiB.
export const leakingChildren: FpmChildSample[] = [101, 102, 103].flatMap((pid, n) =>
  [0, 1, 2, 3, 4].map((step) => {
    const requests = n * 7 + step * 20;
    return { pid, requests, pssBytes: 40 * MiB + requests * 100 * KiB, atMs: step * MINUTE_MS };
  }),
);

export function currentOf(over: Partial<FpmCurrent> = {}): FpmCurrent {
  return {
    name: 'www',
    pm: 'dynamic',
    maxChildren: 10,
    startServers: 2,
    minSpareServers: 1,
    maxSpareServers: 3,
    maxRequests: 500,
    processIdleTimeoutMs: 10_000,
    ...over,
  };
}
