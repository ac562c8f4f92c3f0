// The log lines of a host declared gone: who, after how long, and what became of its jobs (one
// line more per job failed past max_stalls, as worker/stalls.ts words a worker's).
import type { ClusterEvents } from './events.js';

export function describeHostGone(gone: ClusterEvents['cluster:host-gone']): string[] {
  const { released, failed } = gone;
  const silent = `${(gone.silentMs / 1000).toFixed(1)} s`;
  const jobs =
    released.length + failed.length === 0
      ? 'it held no jobs'
      : `${released.length} job(s) put back without spending a try` +
        (failed.length > 0 ? `, ${failed.length} moved to failed_jobs past max_stalls` : '');
  return [
    `cluster: host ${gone.hostname} (${gone.host}) went silent for ${silent}: ${jobs}`,
    ...failed.map(
      (job) =>
        `job ${job.id} on ${job.queue} (uuid ${job.uuid ?? '?'}) moved to failed_jobs: its host vanished while running it, ${job.stalls} stall(s) in all`,
    ),
  ];
}
