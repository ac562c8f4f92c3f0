// What a handler receives besides its data: the job's identity, an AbortSignal that fires at the
// job's timeout (or when crew stops the process or loses the job's lease), and a queue to add
// follow-up jobs to the same store.
import type { Queue } from '../queue/producer.js';

export interface JobInfo {
  readonly id: number;
  readonly uuid: string | null;
  readonly queue: string;
  readonly name: string;
  // Including this run.
  readonly attempts: number;
}

export interface JobContext {
  readonly signal: AbortSignal;
  readonly job: JobInfo;
  readonly queue: Queue;
}

export type JobHandler<Data = unknown> = (data: Data, ctx: JobContext) => unknown;
