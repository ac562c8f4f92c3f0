// crew as a library: the producer API for adding jobs, and the types a handlers module uses.
//
//   import { createQueue } from 'crew';
//   const queue = createQueue<{ 'record-payment': { orderId: number } }>();
//   await queue.add('payments', 'record-payment', { orderId: 42 }, { tries: 3, backoff: [10, 30, 60] });
export {
  type BulkJob,
  createQueue,
  type JobMap,
  type JobOptions,
  type Queue,
  type QueueOptions,
} from './queue/producer.js';
export type { JobContext, JobHandler, JobInfo } from './worker/context.js';
