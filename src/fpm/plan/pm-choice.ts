// Which process manager suits the load, by what each costs (php-fpm's semantics):
//   static    keeps max_children children always: no request waits for a spawn, memory is at
//             its worst case all the time. Worth it when the pool is busy most of the time.
//   ondemand  starts a child per request when none is free and stops it after
//             process_idle_timeout idle: the least memory for a pool that is mostly idle, a
//             fork on the first request after a quiet spell.
//   dynamic   keeps between min and max spare idle children, starting with start_servers:
//             the middle ground for bursty load.
import { formatDuration } from '../../config/units.js';
import type { FpmPm } from '../config/types.js';
import { formatFigure, formatRate } from './figures.js';
import type { FpmLoadStats } from './load-stats.js';
import type { FpmCurrent } from './plan-types.js';

// Median demand at or above this share of max_children: busy and steady, so static.
export const STATIC_SHARE = 0.7;
// Below this many requests a second, with nothing busy at the median, a pool is idle.
export const IDLE_REQUESTS_PER_SECOND = 1;
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
// php-fpm refuses pm = ondemand with a process_idle_timeout under 1s.
const MIN_IDLE_TIMEOUT_MS = 1000;

export interface PmChoice {
  readonly pm: FpmPm;
  readonly reason: string;
}

// The pm for the load at `maxChildren`; the written one without readings.
export function choosePm(
  current: FpmCurrent,
  stats: FpmLoadStats | null,
  maxChildren: number,
): PmChoice {
  if (stats === null) return { pm: current.pm, reason: `no load seen; kept ${current.pm}` };
  const median = formatFigure(stats.medianDemand);
  if (stats.medianDemand >= STATIC_SHARE * maxChildren) {
    return {
      pm: 'static',
      reason: `median ${median} busy of ${maxChildren} children (at least 70%): static keeps them all, so no request waits for a spawn`,
    };
  }
  const rate = stats.requestsPerSecond;
  if (rate === 0) {
    return {
      pm: 'ondemand',
      reason: `no requests in ${formatDuration(stats.spanMs)}: ondemand keeps no child while idle`,
    };
  }
  if (stats.medianDemand === 0 && rate !== null && rate < IDLE_REQUESTS_PER_SECOND) {
    return {
      pm: 'ondemand',
      reason: `mostly idle (median 0 busy, ${formatRate(rate)} requests/s): ondemand starts children on request and stops idle ones`,
    };
  }
  return {
    pm: 'dynamic',
    reason: `bursty (median ${median}, p95 ${formatFigure(stats.p95Demand)}, peak ${stats.peakDemand} busy or queued, of ${maxChildren} children): dynamic keeps a few spare children and adds more as load rises`,
  };
}

// ondemand's idle timeout: the one written when php-fpm accepts it, else 10s.
export function ondemandIdleTimeoutMs(current: FpmCurrent): [number, string] {
  const written = current.processIdleTimeoutMs;
  if (written >= MIN_IDLE_TIMEOUT_MS) {
    const kept = written === DEFAULT_IDLE_TIMEOUT_MS ? "php-fpm's default" : 'as written';
    return [written, `kept ${written / 1000}s (${kept}): a child idle that long is stopped`];
  }
  return [
    DEFAULT_IDLE_TIMEOUT_MS,
    `${written / 1000}s is below the 1s php-fpm accepts with ondemand; 10s, its default`,
  ];
}
