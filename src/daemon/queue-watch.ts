// The daemon's view of queues, composed: the sources it watches (queue/watch/registry.ts), the
// rates over the last minute (queue/rates.ts) and what worker hosts report (worker/reports.ts).
// It keeps the latest QueueReport per queue for `crew queues`, /status, /metrics and the
// autoscaler, reading again when the last reading is older than a tick. It never sees a payload.
import type { CrewConfig } from '../config/types.js';
import type { SourceDown } from '../observe/readiness.js';
import { createRateTracker } from '../queue/rates.js';
import type { BacklogSnapshot, QueueReport } from '../queue/types.js';
import { createWatchRegistry, type SourceReading } from '../queue/watch/registry.js';
import type { WorkerBook } from '../worker/reports.js';

export interface QueueWatch {
  // The latest reports, one per queue, in config order; read fresh if older than a tick.
  queues(): Promise<readonly QueueReport[]>;
  // The queue sources whose last open or read failed (readiness.ts).
  sourcesDown(): readonly SourceDown[];
  reconfigure(next: CrewConfig): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueWatchDeps {
  readonly config: CrewConfig;
  readonly workers: WorkerBook;
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

// A queue's target is the tightest target_wait among the pools serving it.
export function targetWaits(config: CrewConfig): Map<string, number> {
  const targets = new Map<string, number>();
  for (const pool of config.pools) {
    if (pool.targetWaitMs === null) continue;
    for (const queue of pool.worker?.queues ?? pool.backlog?.queues ?? []) {
      targets.set(queue, Math.min(targets.get(queue) ?? pool.targetWaitMs, pool.targetWaitMs));
    }
  }
  return targets;
}

// Starts watching the config's queues.
export function startQueueWatch(deps: QueueWatchDeps): QueueWatch {
  const now = deps.now ?? Date.now;
  let config = deps.config;
  let reports: QueueReport[] = [];
  let readAt = 0;
  let reading: Promise<void> | null = null;
  const rates = createRateTracker({ windowMs: 60_000 });
  const registry = createWatchRegistry(deps.log);
  const offFinished = deps.workers.onFinished((queue, count, at) =>
    rates.completions(queue, count, at),
  );

  // For crew's own store every job that left the queue was reported by a worker, so arrivals are
  // exactly what finished (completed or failed) plus the growth of the backlog; the id cursor
  // alone misses jobs that came and went between two readings.
  const seen = new Map<string, { backlog: number; finished: number }>();
  const withExactArrivals = (snap: BacklogSnapshot): BacklogSnapshot => {
    const arrivals: Record<string, number> = {};
    for (const q of snap.queues) {
      const t = deps.workers.totals(q.queue);
      const current = {
        backlog: q.ready + q.delayed + q.reserved,
        finished: t.completed + t.failed,
      };
      const before = seen.get(q.queue);
      seen.set(q.queue, current);
      const counted = snap.arrivals?.[q.queue] ?? 0;
      arrivals[q.queue] = before
        ? Math.max(counted, current.finished - before.finished + current.backlog - before.backlog)
        : counted;
    }
    return { ...snap, arrivals };
  };

  const reportsOf = (reading: SourceReading, at: number, targets: Map<string, number>) => {
    const own = reading.kind === 'crew';
    rates.observe(own ? withExactArrivals(reading.snapshot) : reading.snapshot);
    return reading.snapshot.queues.map((counts): QueueReport => {
      const r = rates.rates(counts.queue, at);
      return {
        ...counts,
        source: reading.kind,
        pools: reading.pools.get(counts.queue) ?? [],
        arrivalsPerSec: r.arrivalsPerSec,
        completionsPerSec: r.completionsPerSec,
        totals: own ? deps.workers.totals(counts.queue) : null,
        targetWaitMs: targets.get(counts.queue) ?? null,
      };
    });
  };

  const read = async () => {
    const at = now();
    const targets = targetWaits(config);
    const readings = await registry.read(at);
    reports = readings.flatMap((r) => reportsOf(r, at, targets));
    readAt = at;
  };
  const refresh = () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
  const ticker = setInterval(() => void refresh(), config.sampleIntervalMs);
  ticker.unref();
  const opened = registry.reconfigure(config).then(refresh);

  return {
    async queues() {
      await opened;
      if (now() - readAt > config.sampleIntervalMs) await refresh();
      // The workers' totals as of now, not of the reading (up to a tick old): a stall or a
      // completion reported since shows at once.
      return reports.map((r) =>
        r.totals === null ? r : { ...r, totals: deps.workers.totals(r.queue) },
      );
    },
    sourcesDown: () => registry.down(),
    async reconfigure(next) {
      config = next;
      await opened;
      await registry.reconfigure(next);
      await refresh();
    },
    async stop() {
      clearInterval(ticker);
      offFinished();
      await opened.catch(() => {});
      await reading?.catch(() => {});
      await registry.close();
    },
  };
}
