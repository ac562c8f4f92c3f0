// `crew queues [--json]`: the running daemon's view (counts and rates); with no daemon, the
// counts read straight from crew's store for the queues of the config's handler pools.
import { callDaemon } from '../control/client.js';
import type { QueueJson } from '../control/wire/queue.js';
import { isCrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { formatQueues } from './queues-format.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { withStore } from './store-of.js';

export interface QueuesOptions extends SocketOptions {
  readonly json?: boolean;
}

async function fromStore(options: QueuesOptions): Promise<QueueJson[]> {
  const { queueJson } = await import('../control/wire/queue.js');
  const { loadConfigOrThrow } = await import('../config/load.js');
  const { config } = loadConfigOrThrow(options.config, process.env);
  const pools = new Map<string, string[]>();
  for (const pool of config.pools)
    for (const queue of pool.worker?.queues ?? [])
      pools.set(queue, [...(pools.get(queue) ?? []), pool.name]);
  if (pools.size === 0) return [];
  const snap = await withStore({ config: options.config, store: config.store }, (store) =>
    store.snapshot([...pools.keys()], Date.now(), null),
  );
  return snap.queues.map((q) =>
    queueJson({
      ...q,
      source: 'crew',
      pools: pools.get(q.queue) ?? [],
      arrivalsPerSec: null,
      completionsPerSec: null,
      totals: null,
      targetWaitMs: null,
    }),
  );
}

export async function queues(options: QueuesOptions, output: Output): Promise<number> {
  let list: readonly QueueJson[];
  let live = true;
  try {
    const socket = await resolveSocketPath(options);
    list = (await callDaemon(socket, 'queues')).queues;
  } catch (error) {
    if (!isCrewError(error) || error.code !== 'CREW_NOT_RUNNING') throw error;
    list = await fromStore(options);
    live = false;
  }
  if (options.json) {
    output.out(JSON.stringify({ live, queues: list }, null, 2));
    return 0;
  }
  for (const line of formatQueues(list)) output.out(line);
  if (!live) output.err('(no daemon is running: counts read from the store, no rates)');
  return 0;
}
