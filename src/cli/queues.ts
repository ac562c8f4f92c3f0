// `crew queues [--json]`: the running daemon's view (counts and rates); with no daemon, the
// counts read straight from the sources the config names: crew's store for handler pools, the
// watched Laravel queue of each pool with `backlog:`. A source that cannot be read is named
// (its URL without the password) with the reason, on stderr, and the others still print.
import { callDaemon } from '../control/client.js';
import type { ClusterJson } from '../control/wire/cluster.js';
import type { QueueJson } from '../control/wire/queue.js';
import { isCrewError } from '../errors/crew-error.js';
import type { QueueCounts } from '../queue/types.js';
import type { WantedSource } from '../queue/watch/registry.js';
import type { Output } from './output.js';
import { formatQueues, formatServing, servingHosts } from './queues-format.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { withStore } from './store-of.js';

export interface QueuesOptions extends SocketOptions {
  readonly json?: boolean;
}

// How long a watched source may take to connect and answer.
const SOURCE_TIMEOUT_MS = 5_000;

interface Read {
  readonly queues: QueueJson[];
  // One line per source that could not be read.
  readonly problems: string[];
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${SOURCE_TIMEOUT_MS / 1000} s from ${what}`)),
      SOURCE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const queueNames = (names: readonly string[]) =>
  `${names.length === 1 ? 'queue' : 'queues'} ${names.join(', ')}`;

// The queues of the config's sources that the daemon's answer lacks: their source could not be
// opened or read (the daemon logs why, once). Nothing when the config cannot be loaded here.
async function missingFromDaemon(options: QueuesOptions, shown: readonly QueueJson[]) {
  try {
    const { loadConfigOrThrow } = await import('../config/load.js');
    const { wantedSources } = await import('../queue/watch/registry.js');
    const { config } = loadConfigOrThrow(options.config, process.env);
    const problems: string[] = [];
    for (const wanted of wantedSources(config).values()) {
      const seen = new Set(shown.filter((q) => q.source === wanted.kind).map((q) => q.queue));
      const missing = wanted.queues.filter((queue) => !seen.has(queue));
      if (missing.length > 0)
        problems.push(
          `${queueNames(missing)}: the daemon cannot read ${wanted.label} now (crew's log says why)`,
        );
    }
    return problems;
  } catch {
    return [];
  }
}

async function fromSources(options: QueuesOptions): Promise<Read> {
  const { queueJson } = await import('../control/wire/queue.js');
  const { loadConfigOrThrow } = await import('../config/load.js');
  const { wantedSources } = await import('../queue/watch/registry.js');
  const { config } = loadConfigOrThrow(options.config, process.env);
  const read: Read = { queues: [], problems: [] };
  const json = (q: QueueCounts, source: QueueJson['source'], pools: readonly string[]) =>
    queueJson({
      ...q,
      source,
      pools,
      arrivalsPerSec: null,
      completionsPerSec: null,
      totals: null,
      targetWaitMs: null,
    });
  for (const wanted of wantedSources(config).values()) {
    try {
      const snap =
        wanted.kind === 'crew'
          ? await withStore({ config: options.config, store: config.store }, (store) =>
              store.snapshot(wanted.queues, Date.now(), null),
            )
          : await withTimeout(readWatched(wanted), wanted.label);
      for (const q of snap.queues)
        read.queues.push(json(q, wanted.kind, wanted.pools.get(q.queue) ?? []));
    } catch (error) {
      if (wanted.kind === 'crew') throw error;
      read.problems.push(`${queueNames(wanted.queues)}: ${(error as Error).message}`);
    }
  }
  return read;
}

async function readWatched(wanted: WantedSource) {
  const source = await wanted.open();
  try {
    return await source.snapshot(wanted.queues, Date.now(), null);
  } finally {
    await source.close().catch(() => {});
  }
}

export async function queues(options: QueuesOptions, output: Output): Promise<number> {
  let read: Read;
  let live = true;
  let cluster: ClusterJson | null = null;
  try {
    const socket = await resolveSocketPath(options);
    const shown = (await callDaemon(socket, 'queues')).queues;
    read = { queues: [...shown], problems: await missingFromDaemon(options, shown) };
    cluster = await callDaemon(socket, 'cluster').catch(() => null);
  } catch (error) {
    if (!isCrewError(error) || error.code !== 'CREW_NOT_RUNNING') throw error;
    read = await fromSources(options);
    live = false;
  }
  if (options.json) {
    const hosts = cluster?.shared_store ? { hosts: servingHosts(read.queues, cluster) } : {};
    output.out(JSON.stringify({ live, queues: read.queues, ...hosts }, null, 2));
  } else if (read.queues.length > 0 || read.problems.length === 0) {
    for (const line of formatQueues(read.queues)) output.out(line);
    if (cluster?.shared_store)
      for (const line of formatServing(read.queues, cluster)) output.out(line);
  }
  for (const problem of read.problems) output.err(problem);
  if (!live) output.err('(no daemon is running: counts read from the sources, no rates)');
  return read.problems.length > 0 ? 1 : 0;
}
