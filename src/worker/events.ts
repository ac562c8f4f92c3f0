// What the daemon learns from worker hosts, once their IPC messages are checked
// (worker/reports.ts): a report a second with counts, never a payload; and what became of the
// jobs of a worker that died (worker/stalls.ts).
import type { WorkerReport } from './messages.js';

// A job whose worker died, as the daemon put it back (or failed it past max_stalls).
export interface StalledJobNote {
  readonly id: number;
  readonly queue: string;
  // Stalls so far, including this one.
  readonly stalls: number;
  readonly uuid?: string;
}

export interface WorkerEvents {
  'worker:report': { name: string; pool: string; pid: number; report: WorkerReport };
  // A worker host exited holding jobs: `released` went back without spending a try, `failed`
  // had stalled past max_stalls and went to failed_jobs.
  'worker:stalled': {
    name: string;
    pool: string;
    pid: number | null;
    // How it ended, e.g. "signal SIGKILL", "exit 1".
    cause: string;
    released: readonly StalledJobNote[];
    failed: readonly StalledJobNote[];
  };
}
