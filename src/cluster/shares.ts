// Per queue, the pools of the other live hosts that serve it: the autoscaler sizes this host's
// pools for their share of the queue (scale/live-signals.ts). Pure.
import { type HostRecord, isLive } from './report.js';

export function peersByQueue(hosts: readonly HostRecord[], me: string): Map<string, number> {
  const peers = new Map<string, number>();
  for (const host of hosts) {
    if (host.id === me || !isLive(host)) continue;
    for (const pool of host.report.pools)
      for (const queue of pool.queues) peers.set(queue, (peers.get(queue) ?? 0) + 1);
  }
  return peers;
}
