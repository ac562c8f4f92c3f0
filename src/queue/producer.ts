// The typed producer API: `createQueue()` → add / addBulk. Opens the store lazily and migrates it
// once, so a producer can run before any worker has created the tables.
import { resolve } from 'node:path';
import { openStore } from './open-store.js';
import { availableAtSec, encodePayload, type JobOptions } from './payload.js';
import type { JobStore, NewJobRow } from './store.js';
import { formatDatabaseUrl } from './store-url.js';

export type { JobOptions } from './payload.js';

// Job names to their data types, for typed adds: createQueue<{ 'send-invoice': { id: number } }>().
export type JobMap = Record<string, unknown>;

export interface BulkJob<
  Jobs extends JobMap = JobMap,
  Name extends keyof Jobs & string = keyof Jobs & string,
> {
  readonly queue: string;
  readonly name: Name;
  readonly data: Jobs[Name];
  readonly options?: JobOptions;
}

export interface Queue<Jobs extends JobMap = JobMap> {
  // Adds one job; resolves with its id.
  add<Name extends keyof Jobs & string>(
    queue: string,
    name: Name,
    data: Jobs[Name],
    options?: JobOptions,
  ): Promise<number>;
  // Adds many in one transaction; resolves with their ids in order.
  addBulk(jobs: readonly BulkJob<Jobs>[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface QueueOptions {
  // `sqlite:PATH` or `postgres://…`; default: $CREW_STORE, else sqlite:var/crew.db under cwd.
  readonly store?: string;
  readonly now?: () => number;
}

// The default store URL: what crew passes to its workers, else the embedded default.
export function defaultStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREW_STORE ?? formatDatabaseUrl({ engine: 'sqlite', path: resolve('var/crew.db') });
}

// Wraps an open store (the worker shares its own with handlers).
export function queueOn(store: JobStore, now: () => number = Date.now): Queue {
  const rows = (jobs: readonly BulkJob[], at: number) =>
    jobs.map((job) => ({
      queue: job.queue,
      payload: encodePayload(job.name, job.data, job.options ?? {}, at),
      availableAtSec: availableAtSec(at, job.options?.delayMs ?? 0),
    }));
  // Adds made in the same turn of the event loop share one transaction (group commit): 50
  // concurrent adds cost one INSERT, a lone add waits no longer than a microtask.
  let pending: { row: NewJobRow; resolve: (id: number) => void; reject: (e: unknown) => void }[] =
    [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const ids = await store.add(
        batch.map((entry) => entry.row),
        now(),
      );
      for (const [i, entry] of batch.entries()) entry.resolve(ids[i]!);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  };
  return {
    add(queue, name, data, options) {
      const [row] = rows([{ queue, name, data, options }], now());
      return new Promise<number>((resolve, reject) => {
        pending.push({ row: row!, resolve, reject });
        if (pending.length === 1) queueMicrotask(() => void flush());
      });
    },
    async addBulk(jobs) {
      const at = now();
      return jobs.length === 0 ? [] : store.add(rows(jobs as readonly BulkJob[], at), at);
    },
    close: () => store.close(),
  };
}

export function createQueue<Jobs extends JobMap = JobMap>(options: QueueOptions = {}): Queue<Jobs> {
  const url = options.store ?? defaultStoreUrl();
  let opened: Promise<Queue> | null = null;
  const ready = () => {
    opened ??= (async () => {
      const store = await openStore(url);
      await store.migrate();
      return queueOn(store, options.now);
    })();
    return opened;
  };
  return {
    add: async (queue, name, data, jobOptions) =>
      (await ready()).add(queue, name, data, jobOptions),
    addBulk: async (jobs) => (await ready()).addBulk(jobs as readonly BulkJob[]),
    async close() {
      if (opened) await (await opened).close();
      opened = null;
    },
  };
}
