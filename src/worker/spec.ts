// Everything a worker process needs, passed by the daemon in CREW_WORKER_SPEC (JSON), so the
// worker loads neither the config parser nor the daemon.
import { CrewError } from '../errors/crew-error.js';

export interface WorkerSpec {
  readonly pool: string;
  readonly store: string;
  // Absolute path of the module exporting handlers by job name.
  readonly handlers: string;
  // Priority order.
  readonly queues: readonly string[];
  readonly concurrency: number;
  readonly perQueue: Readonly<Record<string, number>> | null;
  // Defaults for jobs that do not set their own.
  readonly tries: number;
  readonly backoffSec: readonly number[];
  readonly timeoutMs: number;
  // How long a handler may run on after its AbortSignal fired before the process is recycled.
  readonly timeoutGraceMs: number;
  readonly leaseMs: number;
  // Wait between claims while every queue is empty.
  readonly pollMs: number;
  // The supervisor's stop_timeout: drain must finish within it.
  readonly stopTimeoutMs: number;
  // Recycle after this many jobs (Laravel's --max-jobs).
  readonly maxJobs: number | null;
}

export const WORKER_SPEC_ENV = 'CREW_WORKER_SPEC';

export function readWorkerSpec(env: NodeJS.ProcessEnv): WorkerSpec {
  const text = env[WORKER_SPEC_ENV];
  if (!text) {
    throw new CrewError('CREW_USAGE', `${WORKER_SPEC_ENV} is not set`, [
      'crew starts worker processes itself for pools with `handlers:`; run `crew up`',
    ]);
  }
  try {
    return JSON.parse(text) as WorkerSpec;
  } catch (error) {
    throw new CrewError('CREW_USAGE', `${WORKER_SPEC_ENV} is not JSON: ${(error as Error).message}`);
  }
}
