// Winning memory back from a grown process: which process is worth it, and how to recycle it.
// Worth it: well above its pool's usual size, relatively (GROWN_FACTOR) and absolutely
// (GROWN_MIN_BYTES), so a worker a few MiB over its median is never restarted for nothing; at
// most once per pool per cooldown (recycleCooldownMs). How: replacement first when the
// replacement (the pool's usual size) fits in the budget beside everything running now; otherwise
// in place (killed, then started again), so that the recycle never pushes the container further
// over — except for a critical pool, whose process is always replaced first, never running short.
import { formatBytes } from '../config/units.js';
import { percentile } from './cost.js';
import type { PoolSignals, PoolSpec } from './spec.js';

const MiB = 1024 * 1024;

export const GROWN_FACTOR = 1.5;
export const GROWN_MIN_BYTES = 16 * MiB;
// A pool is recycled for the budget again only once the last recycle has had its effect: its
// stop_timeout (memory counted as on its way meanwhile), and at least this long.
export const RECYCLE_COOLDOWN_MS = 10_000;

// How long after a budget recycle the pool waits before the next.
export function recycleCooldownMs(spec: Pick<PoolSpec, 'stopTimeoutMs'>): number {
  return Math.max(RECYCLE_COOLDOWN_MS, spec.stopTimeoutMs);
}

// Whether a process of `pssBytes` is worth recycling when its pool usually uses `usualBytes`.
export function isGrown(pssBytes: number, usualBytes: number): boolean {
  return pssBytes >= usualBytes * GROWN_FACTOR && pssBytes - usualBytes >= GROWN_MIN_BYTES;
}

export interface GrownProcess {
  readonly pool: string;
  readonly process: string;
  readonly pid?: number;
  readonly pssBytes: number;
  readonly usualBytes: number;
}

// The grown process furthest above its pool's usual PSS (given, else the median of the pool's
// readings), or null if none has grown.
export function biggestGrown(
  pools: readonly { readonly signals: PoolSignals; readonly usualBytes: number | null }[],
): GrownProcess | null {
  let best: GrownProcess | null = null;
  for (const { signals, usualBytes } of pools) {
    const usual = usualBytes ?? percentile(signals.pssSamplesBytes, 0.5);
    if (usual === null) continue;
    for (const proc of signals.processPss) {
      if (!isGrown(proc.pssBytes, usual)) continue;
      if (best === null || proc.pssBytes - usual > best.pssBytes - best.usualBytes) {
        best = {
          pool: signals.pool,
          process: proc.name,
          ...(proc.pid === undefined ? {} : { pid: proc.pid }),
          pssBytes: proc.pssBytes,
          usualBytes: usual,
        };
      }
    }
  }
  return best;
}

export interface RecycleHow {
  readonly kind: 'replace' | 'restart';
  // Why that way, in words.
  readonly how: string;
}

const mib = (bytes: number) => `${formatBytes(bytes, 'MiB')} MiB`;

// Replacement first if a replacement of `replacementBytes` fits in `roomBytes` (the budget left
// beside what runs now, memory on its way out counted as gone; null: no budget), or the pool is
// critical; in place otherwise.
export function chooseRecycle(
  roomBytes: number | null,
  replacementBytes: number,
  critical: boolean,
): RecycleHow {
  if (roomBytes === null || replacementBytes <= roomBytes)
    return { kind: 'replace', how: 'replacement first' };
  const short =
    roomBytes <= 0
      ? `the budget has no room for a ${mib(replacementBytes)} replacement`
      : `a ${mib(replacementBytes)} replacement does not fit the ${mib(roomBytes)} left in the budget`;
  if (critical)
    return { kind: 'replace', how: `replacement first, as its pool is critical, though ${short}` };
  return { kind: 'restart', how: `in place, as ${short}` };
}

// The sentence of a budget recycle: `leaky_00 uses 71 MiB, 2.4 × its pool's usual 30 MiB`.
export function grownWords(grown: GrownProcess): string {
  const factor = (grown.pssBytes / grown.usualBytes).toFixed(1);
  return `${grown.process} uses ${mib(grown.pssBytes)}, ${factor} × its pool's usual ${mib(grown.usualBytes)}`;
}
