// Everything a worker process needs, passed by the daemon in CREW_WORKER_SPEC (JSON), so the
// worker loads neither the config parser nor the daemon.
import type { WorkerConfig } from '../config/types.js';
import { CrewError } from '../errors/crew-error.js';

// The pool's handler settings (config/types.ts: WorkerConfig), its name, and the supervisor's
// stop_timeout, within which a drain must finish.
export type WorkerSpec = WorkerConfig & {
  readonly pool: string;
  readonly stopTimeoutMs: number;
};

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
    throw new CrewError(
      'CREW_USAGE',
      `${WORKER_SPEC_ENV} is not JSON: ${(error as Error).message}`,
    );
  }
}
