// The daemon's view of queues: crew's own store for pools with handlers, the backlog watchers
// for pools that name a `backlog:`, and the counts worker hosts report over IPC. It keeps the
// latest QueueReport per queue for `crew queues`, /status, /metrics and the autoscaler, kills a
// worker whose handler blocks its event loop past a job's timeout, and passes a worker's
// recycle request (max_jobs, an ignored timeout) to the supervisor. It never sees a payload.
import type { CrewConfig } from '../config/types.js';
import type { CrewEvents } from '../events/crew-events.js';
import type { TypedEmitter } from '../events/typed-emitter.js';
import { openStore } from '../queue/open-store.js';
import { createRateTracker } from '../queue/rates.js';
import type { JobStore } from '../queue/store.js';
import type { BacklogSnapshot, BacklogSource, JobOutcome, QueueReport } from '../queue/types.js';
import { openBacklogSource } from '../queue/watch/index.js';
import type { Supervisor } from '../supervise/supervisor.js';

export interface QueueWatch {
  // The latest reports, one per queue, in config order; read fresh if older than a tick.
  queues(): Promise<readonly QueueReport[]>;
  // Jobs running and slots per pool of handlers, from the workers' last reports.
  busy(): ReadonlyMap<string, { running: number; capacity: number }>;
  reconfigure(next: CrewConfig): Promise<void>;
  stop(): Promise<void>;
}

interface Watched {
  readonly source: BacklogSource;
  readonly kind: QueueReport['source'];
  readonly queues: readonly string[];
  readonly pools: Map<string, string[]>;
  readonly key: string;
  cursor: number | null;
}

interface WorkerState {
  readonly pool: string;
  running: number;
  capacity: number;
  hardDeadline: number | null;
}

const zeroTotals = (): Record<JobOutcome, number> => ({ completed: 0, retried: 0, failed: 0 });

export function startQueueWatch(
  initial: CrewConfig,
  supervisor: Supervisor,
  events: TypedEmitter<CrewEvents>,
  log: (line: string) => void,
  now: () => number = Date.now,
): QueueWatch {
  let config = initial;
  let watched: Watched[] = [];
  let reports: QueueReport[] = [];
  let readAt = 0;
  let reading: Promise<void> | null = null;
  const rates = createRateTracker({ windowMs: 60_000 });
  const totals = new Map<string, Record<JobOutcome, number>>();
  const workers = new Map<string, WorkerState>();
  const failing = new Set<string>();

  events.on('worker:report', ({ name, pool, report: message }) => {
    workers.set(name, {
      pool,
      running: message.running,
      capacity: message.capacity,
      hardDeadline: message.hardDeadline,
    });
    for (const [queue, tally] of Object.entries(message.queues)) {
      const t = totals.get(queue) ?? zeroTotals();
      t.completed += tally.completed;
      t.retried += tally.retried;
      t.failed += tally.failed;
      totals.set(queue, t);
      if (tally.completed + tally.failed > 0)
        rates.completions(queue, tally.completed + tally.failed, message.at);
    }
  });
  events.on('process:exit', ({ name }) => workers.delete(name));

  // A worker whose event loop is blocked cannot report; once a job's timeout, grace and slack
  // have passed without a report, it is killed and its jobs are delivered again.
  const watchdog = setInterval(() => {
    const at = now();
    for (const [name, state] of workers) {
      if (state.hardDeadline === null || at <= state.hardDeadline) continue;
      workers.delete(name);
      supervisor.killProcess(name, 'a job blocked its event loop past its timeout');
    }
  }, 1000);
  watchdog.unref();

  const open = async (next: CrewConfig) => {
    const wanted = new Map<
      string,
      {
        open: () => Promise<BacklogSource>;
        kind: QueueReport['source'];
        queues: string[];
        pools: Map<string, string[]>;
      }
    >();
    const serve = (
      key: string,
      kind: QueueReport['source'],
      openIt: () => Promise<BacklogSource>,
      pool: string,
      queues: readonly string[],
    ) => {
      const entry = wanted.get(key) ?? {
        open: openIt,
        kind,
        queues: [] as string[],
        pools: new Map<string, string[]>(),
      };
      for (const queue of queues) {
        if (!entry.queues.includes(queue)) entry.queues.push(queue);
        entry.pools.set(queue, [...(entry.pools.get(queue) ?? []), pool]);
      }
      wanted.set(key, entry);
    };
    for (const pool of next.pools) {
      if (pool.worker) {
        serve(
          `store ${pool.worker.store}`,
          'crew',
          async () => {
            const store: JobStore = await openStore(pool.worker!.store);
            await store.migrate();
            return store;
          },
          pool.name,
          pool.worker.queues,
        );
      } else if (pool.backlog) {
        const b = pool.backlog;
        const key = `${b.kind} ${b.url} ${b.table} ${b.prefix} ${b.retryAfterSec}`;
        serve(
          key,
          b.kind,
          () =>
            openBacklogSource(
              b.kind === 'laravel-redis'
                ? { kind: b.kind, url: b.url, prefix: b.prefix }
                : {
                    kind: b.kind,
                    url: b.url,
                    table: b.table,
                    failedTable: b.failedTable,
                    retryAfterSec: b.retryAfterSec,
                  },
            ),
          pool.name,
          b.queues,
        );
      }
    }
    const kept: Watched[] = [];
    for (const w of watched) {
      if (wanted.has(w.key)) kept.push(w);
      else await w.source.close().catch(() => {});
    }
    const result: Watched[] = [];
    for (const [key, entry] of wanted) {
      const existing = kept.find((w) => w.key === key);
      if (existing) {
        result.push({ ...existing, queues: entry.queues, pools: entry.pools });
        continue;
      }
      try {
        result.push({
          source: await entry.open(),
          kind: entry.kind,
          queues: entry.queues,
          pools: entry.pools,
          key,
          cursor: null,
        });
        failing.delete(key);
      } catch (error) {
        // Retried at the next reconfigure; the pools run regardless.
        if (!failing.has(key)) log(`queues: cannot watch ${key}: ${(error as Error).message}`);
        failing.add(key);
      }
    }
    watched = result;
  };

  // A queue's target is the tightest target_wait among the pools serving it.
  const targetOf = (): Map<string, number | null> => {
    const targets = new Map<string, number | null>();
    for (const pool of config.pools) {
      if (pool.targetWaitMs === null) continue;
      for (const queue of pool.worker?.queues ?? pool.backlog?.queues ?? []) {
        const known = targets.get(queue) ?? null;
        targets.set(queue, known === null ? pool.targetWaitMs : Math.min(known, pool.targetWaitMs));
      }
    }
    return targets;
  };

  // For crew's own store every job that left the queue was reported by a worker, so arrivals are
  // exactly what finished (completed or failed) plus the growth of the backlog; the id cursor
  // alone misses jobs that came and went between two readings.
  const seen = new Map<string, { backlog: number; finished: number }>();
  const withExactArrivals = (snap: BacklogSnapshot): BacklogSnapshot => {
    const arrivals: Record<string, number> = {};
    for (const q of snap.queues) {
      const t = totals.get(q.queue) ?? zeroTotals();
      const now = { backlog: q.ready + q.delayed + q.reserved, finished: t.completed + t.failed };
      const before = seen.get(q.queue);
      seen.set(q.queue, now);
      const counted = snap.arrivals?.[q.queue] ?? 0;
      arrivals[q.queue] = before
        ? Math.max(counted, now.finished - before.finished + now.backlog - before.backlog)
        : counted;
    }
    return { ...snap, arrivals };
  };

  const read = async () => {
    const at = now();
    const next: QueueReport[] = [];
    const targets = targetOf();
    for (const w of watched) {
      let snap: BacklogSnapshot;
      try {
        snap = await w.source.snapshot(w.queues, at, w.cursor);
        failing.delete(w.key);
      } catch (error) {
        if (!failing.has(w.key))
          log(`queues: reading ${w.key} failed: ${(error as Error).message}`);
        failing.add(w.key);
        continue;
      }
      w.cursor = snap.cursor;
      rates.observe(w.kind === 'crew' ? withExactArrivals(snap) : snap);
      for (const counts of snap.queues) {
        const r = rates.rates(counts.queue, at);
        next.push({
          ...counts,
          source: w.kind,
          pools: w.pools.get(counts.queue) ?? [],
          arrivalsPerSec: r.arrivalsPerSec,
          completionsPerSec: r.completionsPerSec,
          totals: w.kind === 'crew' ? { ...(totals.get(counts.queue) ?? zeroTotals()) } : null,
          targetWaitMs: targets.get(counts.queue) ?? null,
        });
      }
    }
    reports = next;
    readAt = at;
  };
  const refresh = () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
  const ticker = setInterval(() => void refresh(), initial.sampleIntervalMs);
  ticker.unref();
  const opened = open(initial).then(refresh);

  return {
    async queues() {
      await opened;
      if (now() - readAt > config.sampleIntervalMs) await refresh();
      return reports;
    },
    busy() {
      const byPool = new Map<string, { running: number; capacity: number }>();
      for (const state of workers.values()) {
        const b = byPool.get(state.pool) ?? { running: 0, capacity: 0 };
        b.running += state.running;
        b.capacity += state.capacity;
        byPool.set(state.pool, b);
      }
      return byPool;
    },
    async reconfigure(next) {
      config = next;
      await opened;
      await open(next);
      await refresh();
    },
    async stop() {
      clearInterval(watchdog);
      clearInterval(ticker);
      await opened.catch(() => {});
      await reading?.catch(() => {});
      for (const w of watched) await w.source.close().catch(() => {});
      watched = [];
    },
  };
}
