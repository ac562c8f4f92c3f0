// Queues, failed jobs and the autoscaler's pool standing on the wire: `crew queues --json`,
// `crew failed list --json`, /status's `queues` and `scaling`. Each is its internal shape with
// snake_case keys (Laravel's column names for failed jobs). Shapes in docs/cli.md.

import type { FailedJobRow } from '../../queue/store.js';
import type { QueueReport } from '../../queue/types.js';
import type { PoolScaling } from '../../scale/types.js';
import { type SnakeCased, snakeCased } from './snake-case.js';

export type QueueJson = SnakeCased<QueueReport>;
export type FailedJobJson = SnakeCased<FailedJobRow>;
export type PoolScalingJson = SnakeCased<PoolScaling>;

// The `queues` method's answer.
export interface QueuesJson {
  readonly queues: readonly QueueJson[];
}

// A queue report as JSON.
export const queueJson = (report: QueueReport): QueueJson => snakeCased(report);

// A failed_jobs row as JSON.
export const failedJobJson = (row: FailedJobRow): FailedJobJson => snakeCased(row);

// A pool's scaling as JSON.
export const scalingJson = (scaling: PoolScaling): PoolScalingJson => snakeCased(scaling);
