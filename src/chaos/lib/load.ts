// A load of chaos `work` jobs: queue them, wait for the queue to empty, and count what became of
// them (finished, in failed_jobs, lost: neither).

import { queueOn } from '../../queue/producer.js';
import type { JobStore } from '../../queue/store.js';
import { until } from './crew.js';
import { readJobLog } from './job-log.js';

export async function queueWork(store: JobStore, count: number, log: string, ms: number) {
  await queueOn(store).addBulk(
    Array.from({ length: count }, (_, n) => ({
      queue: 'default',
      name: 'work',
      data: { n, log, ms },
    })),
  );
}

export async function untilEmpty(store: JobStore, what: string, limitMs = 180_000) {
  await until(
    async () => {
      try {
        const q = (await store.snapshot(['default'], Date.now(), null)).queues[0]!;
        return q.ready + q.reserved + q.delayed === 0;
      } catch {
        // The store is down for a moment (a restart): not empty yet.
        return false;
      }
    },
    what,
    limitMs,
    100,
  );
}

export interface LoadOutcome {
  readonly finished: number;
  readonly failed: number;
  readonly lost: number;
  // Runs beyond one per job.
  readonly reruns: number;
  // Runs on a try other than the first.
  readonly spentTries: number;
}

export async function loadOutcome(
  store: JobStore,
  count: number,
  log: string,
): Promise<LoadOutcome> {
  const failedRows = await store.failedList({ limit: count });
  const failedNs = new Set(
    failedRows.map((row) => (JSON.parse(row.payload) as { data: { n: number } }).data.n),
  );
  const jobLog = readJobLog(log);
  let lost = 0;
  for (let n = 0; n < count; n++) if (!jobLog.finished.has(n) && !failedNs.has(n)) lost++;
  return {
    finished: jobLog.finished.size,
    failed: failedRows.length,
    lost,
    reruns: jobLog.starts.length - new Set(jobLog.starts.map((s) => s.n)).size,
    spentTries: jobLog.starts.filter((s) => s.attempt !== 1).length,
  };
}
