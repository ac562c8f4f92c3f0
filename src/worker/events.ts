// What the daemon learns from worker hosts, once their IPC messages are checked
// (worker/reports.ts): a report a second with counts, never a payload.
import type { WorkerReport } from './messages.js';

export interface WorkerEvents {
  'worker:report': { name: string; pool: string; pid: number; report: WorkerReport };
}
