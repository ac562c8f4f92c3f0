// The daemon's side of stalled jobs: when a worker host exits, the jobs it still held go back at
// once (worker/stalls.ts), and at start the same is done for the worker hosts of a previous run
// that ended without stopping them (their spawn ids are in its pid records).
import type { CrewConfig } from '../config/types.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { EventBus } from '../events/typed-emitter.js';
import { createStoreCache } from '../queue/store-cache.js';
import type { ExitRecord } from '../supervise/exit-record.js';
import { createStalls } from '../worker/stalls.js';
import type { PidRecord } from './pid-records.js';

export interface StallReleaseDeps {
  readonly events: EventBus<CrewEvents>;
  readonly config: () => CrewConfig;
  readonly log: (line: string) => void;
}

export interface StallRelease {
  // Puts back what the previous run's worker hosts held (they have been stopped).
  releasePrevious(records: readonly PidRecord[]): Promise<void>;
  stop(): Promise<void>;
}

// How a process ended, in a few words for the log and failed_jobs.
export function exitCause(record: ExitRecord): string {
  const how = record.signal ? `killed by ${record.signal}` : `exit ${record.exitCode ?? '?'}`;
  return record.detail ? `${how}: ${record.detail}` : how;
}

const SETTLE_LIMIT_MS = 5000;

export function startStallRelease(deps: StallReleaseDeps): StallRelease {
  const stores = createStoreCache();
  const stalls = createStalls({
    events: deps.events,
    poolOf(name) {
      const worker = deps.config().pools.find((pool) => pool.name === name)?.worker;
      return worker ? { store: worker.store, maxStalls: worker.maxStalls } : null;
    },
    storeFor: (url) => stores.get(url),
    log: deps.log,
  });
  const off = deps.events.on('process:exit', ({ name, pool, pid, instance, record }) => {
    if (instance) void stalls.release({ name, pool, pid, instance, cause: exitCause(record) });
  });
  return {
    async releasePrevious(records) {
      await Promise.all(
        records.map(({ name, pool, pid, instance }) =>
          pool && instance
            ? stalls.release({
                name,
                pool,
                pid,
                instance,
                cause: 'left running by a crew that ended without stopping it',
              })
            : undefined,
        ),
      );
    },
    async stop() {
      off();
      // Releases under way finish, but a store that does not answer cannot hold up a shutdown
      // (their jobs return when their leases lapse).
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SETTLE_LIMIT_MS);
      });
      await Promise.race([stalls.settled(), limit]);
      clearTimeout(timer);
      await stores.close();
    },
  };
}
