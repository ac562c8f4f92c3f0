// Which queue sources the daemon watches, and their connections: crew's own store for pools with
// handlers, a Laravel database or Redis queue for pools that name a `backlog:`. Pools that share
// a source share one connection. A reconfigure keeps what is still wanted, closes what is not and
// opens what is new; a source that cannot be opened or read is logged once (its URL without the
// password) until it answers again, and the pools run regardless.
import type { CrewConfig } from '../../config/types.js';
import { openStore } from '../open-store.js';
import { redactUrl } from '../store-url.js';
import type { BacklogSnapshot, BacklogSource, QueueReport } from '../types.js';
import { openBacklogSource } from './index.js';

// One source as the config asks for it.
export interface WantedSource {
  // Identifies the source across reconfigures (may hold a password: never logged).
  readonly key: string;
  // The source as log lines name it.
  readonly label: string;
  readonly kind: QueueReport['source'];
  readonly open: () => Promise<BacklogSource>;
  // Queues to read, in config order, and the pools serving each.
  readonly queues: readonly string[];
  readonly pools: ReadonlyMap<string, readonly string[]>;
}

// One source's counts at one reading.
export interface SourceReading {
  readonly kind: QueueReport['source'];
  readonly pools: ReadonlyMap<string, readonly string[]>;
  readonly snapshot: BacklogSnapshot;
}

export interface WatchRegistry {
  // Opens, keeps and closes sources to match the config.
  reconfigure(config: CrewConfig): Promise<void>;
  // Reads every open source; those that fail are left out (and logged once).
  read(at: number): Promise<SourceReading[]>;
  // The sources whose last open or read failed, with the pools they serve.
  down(): { readonly kind: QueueReport['source']; readonly pools: readonly string[] }[];
  close(): Promise<void>;
}

// The sources a config asks for, keyed so that pools sharing one share a connection.
export function wantedSources(config: CrewConfig): Map<string, WantedSource> {
  type Source = Omit<WantedSource, 'queues' | 'pools'>;
  const wanted = new Map<string, Source & { queues: string[]; pools: Map<string, string[]> }>();
  const serve = (source: Source, pool: string, queues: readonly string[]) => {
    const entry = wanted.get(source.key) ?? {
      ...source,
      queues: [],
      pools: new Map<string, string[]>(),
    };
    for (const queue of queues) {
      if (!entry.queues.includes(queue)) entry.queues.push(queue);
      entry.pools.set(queue, [...(entry.pools.get(queue) ?? []), pool]);
    }
    wanted.set(source.key, entry);
  };
  for (const pool of config.pools) {
    if (pool.worker) {
      const url = pool.worker.store;
      const open = async () => {
        const store = await openStore(url);
        await store.migrate();
        return store;
      };
      serve(
        { key: `store ${url}`, label: `store ${redactUrl(url)}`, kind: 'crew', open },
        pool.name,
        pool.worker.queues,
      );
    } else if (pool.backlog) {
      const b = pool.backlog;
      const spec =
        b.kind === 'laravel-redis'
          ? { kind: b.kind, url: b.url, prefix: b.prefix }
          : {
              kind: b.kind,
              url: b.url,
              table: b.table,
              failedTable: b.failedTable,
              retryAfterSec: b.retryAfterSec,
            };
      serve(
        {
          key: `${b.kind} ${b.url} ${b.table} ${b.prefix} ${b.retryAfterSec}`,
          label: `${b.kind} ${redactUrl(b.url)}`,
          kind: b.kind,
          open: () => openBacklogSource(spec),
        },
        pool.name,
        b.queues,
      );
    }
  }
  return wanted;
}

interface Open {
  readonly wanted: WantedSource;
  readonly source: BacklogSource;
  cursor: number | null;
}

// Creates an empty registry; reconfigure() opens the config's sources.
export function createWatchRegistry(log: (line: string) => void): WatchRegistry {
  let open: Open[] = [];
  // Sources whose last open or read failed, so each failure is logged once.
  const failing = new Map<string, WantedSource>();
  const failed = (wanted: WantedSource, what: string, error: unknown) => {
    if (!failing.has(wanted.key))
      log(`queues: ${what} ${wanted.label}: ${(error as Error).message}`);
    failing.set(wanted.key, wanted);
  };

  return {
    async reconfigure(config) {
      const wanted = wantedSources(config);
      const next: Open[] = [];
      for (const entry of open) {
        const still = wanted.get(entry.wanted.key);
        if (still) next.push({ ...entry, wanted: still });
        else await entry.source.close().catch(() => {});
      }
      for (const [key, entry] of wanted) {
        if (next.some((o) => o.wanted.key === key)) continue;
        try {
          next.push({ wanted: entry, source: await entry.open(), cursor: null });
          failing.delete(key);
        } catch (error) {
          // Tried again at the next reconfigure.
          failed(entry, 'cannot watch', error);
        }
      }
      open = next;
      for (const key of [...failing.keys()]) if (!wanted.has(key)) failing.delete(key);
    },
    async read(at) {
      const readings: SourceReading[] = [];
      for (const entry of open) {
        try {
          const snapshot = await entry.source.snapshot(entry.wanted.queues, at, entry.cursor);
          failing.delete(entry.wanted.key);
          entry.cursor = snapshot.cursor;
          readings.push({ kind: entry.wanted.kind, pools: entry.wanted.pools, snapshot });
        } catch (error) {
          failed(entry.wanted, 'reading', error);
        }
      }
      return readings;
    },
    down: () =>
      [...failing.values()].map((wanted) => ({
        kind: wanted.kind,
        pools: [...new Set([...wanted.pools.values()].flat())],
      })),
    async close() {
      for (const entry of open) await entry.source.close().catch(() => {});
      open = [];
    },
  };
}
