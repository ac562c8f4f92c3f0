// pm = dynamic's spare servers from the load. While fewer than min_spare_servers children are
// idle, php-fpm forks at most min_spare_servers − idle a second (php-src fpm_process_ctl.c,
// the idle spawn rate), so with the seed's 1 a burst gets one new child a second and queues
// behind it (measured: 2→4→6 children over a burst of 8 at once). min_spare is therefore sized
// to meet the burst within two seconds: half the rise from the median to the peak, at least half
// the median, at least 1; max_spare up to the p95 busy, above min; start one above the median.
// php-fpm refuses the pool unless
// 0 < min_spare <= start_servers <= max_spare <= max_children, so every figure is fitted to
// that last (with max_children 1: 1, 1, 1).
import { formatFigure } from './figures.js';
import type { FpmLoadStats } from './load-stats.js';
import type { FpmCurrent } from './plan-types.js';

export interface SparesAdvice {
  readonly startServers: number;
  readonly minSpareServers: number;
  readonly maxSpareServers: number;
  readonly startReason: string;
  readonly minReason: string;
  readonly maxReason: string;
}

interface Spares {
  readonly start: number;
  readonly min: number;
  readonly max: number;
}

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

// `spares` moved inside php-fpm's rules for `maxChildren`.
export function fitSpares(spares: Spares, maxChildren: number): Spares {
  if (maxChildren <= 1) return { start: 1, min: 1, max: 1 };
  const max = clamp(spares.max, 1, maxChildren);
  const min = clamp(spares.min, 1, max);
  return { start: clamp(spares.start, min, max), min, max };
}

function capped(wanted: number, got: number, maxChildren: number): string {
  return wanted === got ? '' : `; ${got} to fit max_children ${maxChildren}`;
}

// pm = dynamic's start, min and max spare servers, each with its reason.
export function adviseSpares(
  current: FpmCurrent,
  stats: FpmLoadStats | null,
  maxChildren: number,
): SparesAdvice {
  if (stats === null) {
    const written = {
      start: current.startServers,
      min: current.minSpareServers,
      max: current.maxSpareServers,
    };
    const fitted = fitSpares(written, maxChildren);
    const kept = (wanted: number, got: number) =>
      `no load seen; kept ${wanted}${capped(wanted, got, maxChildren)}`;
    return {
      startServers: fitted.start,
      minSpareServers: fitted.min,
      maxSpareServers: fitted.max,
      startReason: kept(written.start, fitted.start),
      minReason: kept(written.min, fitted.min),
      maxReason: kept(written.max, fitted.max),
    };
  }
  const median = stats.medianDemand;
  const rise = Math.max(0, stats.peakDemand - median);
  const min = Math.max(1, Math.ceil(median / 2), Math.ceil(rise / 2));
  const max = Math.max(min + 1, Math.ceil(stats.p95Demand));
  const start = clamp(Math.ceil(median) + 1, min, max);
  const fitted = fitSpares({ start, min, max }, maxChildren);
  const m = formatFigure(median);
  return {
    startServers: fitted.start,
    minSpareServers: fitted.min,
    maxSpareServers: fitted.max,
    startReason: `median ${m} busy + 1, within the spares → ${start}${capped(start, fitted.start, maxChildren)}`,
    minReason: `php-fpm forks at most min_spare − idle children a second; half the rise from the median ${m} to the peak ${formatFigure(stats.peakDemand)} busy (2 s to meet a burst), at least half the median and 1 → ${min}${capped(min, fitted.min, maxChildren)}`,
    maxReason: `p95 ${formatFigure(stats.p95Demand)} busy, at least min_spare + 1 → ${max}${capped(max, fitted.max, maxChildren)}`,
  };
}
