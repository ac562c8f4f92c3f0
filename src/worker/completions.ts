// Deleting finished jobs in batches: every job that finished in the same turn of the event loop
// shares one transaction, and those not yet deleted ride along with the next claim. A delete that
// fails is tried again (with the next claim, or after a backoff), its leases kept meanwhile
// (leases.ts renews pending(), which includes jobs riding a claim still under way): a finished
// job is never run again because its delete failed or was slow.
import type { ClaimedJob, JobStore } from '../queue/store.js';

export interface Completions {
  // Queues a finished job; resolves once its batch has been deleted (or the failure logged).
  add(job: ClaimedJob): Promise<void>;
  // Runs a claim with the queued jobs, which it deletes in its own statement. They stay pending
  // (their leases renewed) until it settles, and are queued again if it fails.
  ride<T>(claim: (finished: readonly ClaimedJob[]) => Promise<T>): Promise<T>;
  // Deletes whatever is queued now.
  flush(): Promise<void>;
  // Finished jobs not yet deleted (queued, or in a delete under way).
  pending(): readonly ClaimedJob[];
  // Stops retrying after failures (the host is exiting).
  stop(): void;
}

const RETRY_MS = 500;
const none: readonly ClaimedJob[] = [];
const MAX_RETRY_MS = 10_000;

// Creates the batch of completions of one worker host.
export function createCompletions(store: JobStore, log: (line: string) => void): Completions {
  let queued: ClaimedJob[] = [];
  let deleting: readonly ClaimedJob[] = [];
  // Taken by claims under way (usually one), each deleting them in its statement.
  const riding = new Set<readonly ClaimedJob[]>();
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
    ride(claim) {
      if (queued.length === 0) return claim(none);
      const taken = queued;
      queued = [];
      riding.add(taken);
      return claim(taken).then(
        (result) => {
          riding.delete(taken);
          return result;
        },
        (error: unknown) => {
          riding.delete(taken);
          queued.unshift(...taken);
          throw error;
        },
      );
    },
    flush,
    pending: () => {
      if (deleting.length === 0 && riding.size === 0) return queued;
      return [...deleting, ...[...riding].flat(), ...queued];
    },
    stop() {
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
