// Deleting finished jobs in batches: every job that finished in the same turn of the event loop
// shares one transaction, and those not yet deleted ride along with the next claim.
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
}

// Creates the batch of completions of one worker host.
export function createCompletions(store: JobStore, log: (line: string) => void): Completions {
  let queued: ClaimedJob[] = [];
  let flushing: Promise<void> | null = null;

  const flush = (): Promise<void> => {
    if (flushing) return flushing;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        try {
          await store.complete(batch);
        } catch (error) {
          // The jobs stay in the store and are delivered again when their leases lapse.
          log(`could not delete ${batch.length} finished job(s): ${(error as Error).message}`);
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
  };
}
