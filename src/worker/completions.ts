// Deleting finished jobs in batches: every job that finished in the same turn of the event loop
// shares one transaction, and those not yet deleted ride along with the next claim. A delete that
// fails is tried again (with the next claim, or after a backoff), its leases kept meanwhile
// (leases.ts renews pending()): a finished job is never run again because its delete failed.
import type { ClaimedJob, JobStore } from '../queue/store.js';

export interface Completions {
  // Queues a finished job; resolves once its batch has been deleted (or the failure logged).
  add(job: ClaimedJob): Promise<void>;
  // Hands the queued jobs to a claim, which deletes them in its own transaction.
  take(): ClaimedJob[];
  // Gives back jobs taken by a claim that failed.
  giveBack(jobs: readonly ClaimedJob[]): void;
  // Deletes whatever is queued now.
  flush(): Promise<void>;
  // Finished jobs not yet deleted (queued, or in a delete under way).
  pending(): readonly ClaimedJob[];
  // Stops retrying after failures (the host is exiting).
  stop(): void;
}

const RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

// Creates the batch of completions of one worker host.
export function createCompletions(store: JobStore, log: (line: string) => void): Completions {
  let queued: ClaimedJob[] = [];
  let deleting: readonly ClaimedJob[] = [];
  let flushing: Promise<void> | null = null;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const scheduleRetry = () => {
    if (retry) return;
    const delay = Math.min(RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS);
    retry = setTimeout(() => {
      retry = null;
      void flush();
    }, delay);
    retry.unref();
  };

  const flush = (): Promise<void> => {
    if (flushing) return flushing;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        deleting = batch;
        try {
          await store.complete(batch);
          failures = 0;
        } catch (error) {
          // Kept (and their leases renewed) until a delete succeeds.
          queued = [...batch, ...queued];
          failures++;
          if (failures === 1 || failures % 10 === 0)
            log(
              `could not delete ${batch.length} finished job(s) (${failures} in a row, trying again): ${(error as Error).message}`,
            );
          scheduleRetry();
          break;
        } finally {
          deleting = [];
        }
      }
      flushing = null;
    });
    return flushing;
  };

  return {
    add(job) {
      queued.push(job);
      return flush();
    },
    take() {
      const taken = queued;
      queued = [];
      return taken;
    },
    giveBack(jobs) {
      queued.unshift(...jobs);
    },
    flush,
    pending: () => (deleting.length === 0 ? queued : [...deleting, ...queued]),
    stop() {
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
