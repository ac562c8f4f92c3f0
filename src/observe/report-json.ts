// Queue reports and pool scaling as JSON: snake_case with units in the names, as the rest of
// crew's JSON (docs/observe.md).
import type { JobOutcome, QueueReport } from '../queue/types.js';
import type { PoolScaling } from '../scale/types.js';

export interface QueueJson {
  readonly queue: string;
  readonly source: QueueReport['source'];
  readonly pools: readonly string[];
  readonly ready: number;
  readonly delayed: number;
  readonly reserved: number;
  readonly failed: number | null;
  readonly oldest_wait_ms: number | null;
  readonly arrivals_per_sec: number | null;
  readonly completions_per_sec: number | null;
  readonly totals: Readonly<Record<JobOutcome, number>> | null;
  readonly target_wait_ms: number | null;
}

export interface PoolScalingJson {
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  readonly needed: number;
  readonly desired: number;
  readonly shortfall: number;
  readonly pinned: boolean;
}

export function queueJson(report: QueueReport): QueueJson {
  return {
    queue: report.queue,
    source: report.source,
    pools: [...report.pools],
    ready: report.ready,
    delayed: report.delayed,
    reserved: report.reserved,
    failed: report.failed,
    oldest_wait_ms: report.oldestWaitMs,
    arrivals_per_sec: report.arrivalsPerSec,
    completions_per_sec: report.completionsPerSec,
    totals: report.totals === null ? null : { ...report.totals },
    target_wait_ms: report.targetWaitMs,
  };
}

export function scalingJson(scaling: PoolScaling): PoolScalingJson {
  const { pool, min, max, needed, desired, shortfall, pinned } = scaling;
  return { pool, min, max, needed, desired, shortfall, pinned };
}
