// `/metrics`: Prometheus text built at scrape time from the overview (the same numbers as
// /status), in a registry of crew's own (no default Node metrics). Exits are counted from the
// event stream as plain numbers, so nothing of prom-client loads until the first scrape.
import { createRequire } from 'node:module';
import type { Counter, Gauge, Registry } from 'prom-client';
import type { ScaleSignalJson } from '../control/wire/cluster.js';
import type { Overview } from '../control/wire/overview.js';
import type { ProcessState } from '../supervise/process-state.js';
import {
  type FpmCounterName,
  type FpmGaugeName,
  fpmCounterSpecs,
  fpmGaugeSpecs,
  fpmLabels,
  setFpm,
} from './metrics-fpm.js';

interface PromModules {
  readonly Registry: typeof Registry;
  readonly Gauge: typeof Gauge;
  readonly Counter: typeof Counter;
}

// prom-client's index also loads its cluster aggregator and push gateway (node:cluster, https,
// tls): 9.5 MiB of PSS against 0.3 MiB for these three modules (measured; bench/observe.mjs).
function loadPromClient(): PromModules {
  const require = createRequire(import.meta.url);
  return {
    Registry: require('prom-client/lib/registry') as typeof Registry,
    Gauge: require('prom-client/lib/gauge') as typeof Gauge,
    Counter: require('prom-client/lib/counter') as typeof Counter,
  };
}

// Every state, so a pool's series are all present (at 0) and never go stale.
const everyState: Record<ProcessState, true> = {
  STOPPED: true,
  STARTING: true,
  RUNNING: true,
  BACKOFF: true,
  STOPPING: true,
  EXITED: true,
  FATAL: true,
  DRAINING: true,
};

export interface CrewMetrics {
  // Prometheus' text format 0.0.4.
  readonly contentType: string;
  countExit(pool: string, reason: string): void;
  // `signal`: the hosts the work wants (/scale); absent, the host gauges are not written.
  render(overview: Overview, signal?: ScaleSignalJson): Promise<string>;
}

type GaugeName =
  | 'processPss'
  | 'processRss'
  | 'containerUsage'
  | 'containerLimit'
  | 'budget'
  | 'budgetUsed'
  | 'daemonPss'
  | 'queueReady'
  | 'queueDelayed'
  | 'queueReserved'
  | 'queueFailed'
  | 'queueOldestWait'
  | 'poolProcesses'
  | 'poolDesired'
  | 'poolShortfall'
  | 'desiredHosts'
  | 'liveHosts'
  | FpmGaugeName;

// name, help, labels
export type GaugeSpec = [name: string, help: string, labels: string[]];

const gaugeSpecs: Record<GaugeName, GaugeSpec> = {
  processPss: [
    'crew_process_memory_pss_bytes',
    'Proportional set size of a process and its descendants.',
    ['pool', 'process'],
  ],
  processRss: [
    'crew_process_memory_rss_bytes',
    'Resident set size of a process and its descendants (shared pages counted in full).',
    ['pool', 'process'],
  ],
  containerUsage: [
    'crew_container_memory_usage_bytes',
    'Container memory usage as docker stats counts it (usage minus inactive file pages).',
    [],
  ],
  containerLimit: [
    'crew_container_memory_limit_bytes',
    "The container's memory limit (the host's memory when the cgroup has none).",
    [],
  ],
  budget: ['crew_budget_bytes', 'The memory budget crew keeps the pools within.', []],
  budgetUsed: [
    'crew_budget_used_bytes',
    'What the budget counts now, as the autoscaler compares it with crew_budget_bytes (crew stats: budget used).',
    [],
  ],
  daemonPss: ['crew_daemon_memory_pss_bytes', "Proportional set size of crew's own process.", []],
  queueReady: ['crew_queue_ready_jobs', 'Jobs runnable now.', ['queue']],
  queueDelayed: ['crew_queue_delayed_jobs', 'Jobs not runnable yet (available later).', ['queue']],
  queueReserved: ['crew_queue_reserved_jobs', 'Jobs held by a worker.', ['queue']],
  queueFailed: ['crew_queue_failed_jobs', 'Rows in failed_jobs for the queue.', ['queue']],
  queueOldestWait: [
    'crew_queue_oldest_wait_seconds',
    'How long the oldest ready job has waited (0 when none is ready).',
    ['queue'],
  ],
  poolProcesses: ['crew_pool_processes', 'Processes of a pool by state.', ['pool', 'state']],
  poolDesired: [
    'crew_pool_desired_processes',
    'Processes the pool should run (the autoscaler, or its configured count).',
    ['pool'],
  ],
  poolShortfall: [
    'crew_pool_shortfall_processes',
    'Processes the backlog needs beyond what the budget allows: add containers when above 0.',
    ['pool'],
  ],
  desiredHosts: [
    'crew_desired_hosts',
    'Hosts like this one the backlog of the shared queues needs (scale containers on it: /scale, docs/kubernetes.md).',
    [],
  ],
  liveHosts: [
    'crew_cluster_hosts',
    'Hosts serving the shared store with a live heartbeat (1 without a shared store).',
    [],
  ],
  ...fpmGaugeSpecs,
};

// Creates the metrics; prom-client loads at the first render.
export function createCrewMetrics(): CrewMetrics {
  const exits = new Map<string, { pool: string; reason: string; count: number }>();
  let built: {
    registry: Registry;
    gauges: Record<GaugeName, Gauge>;
    jobs: Counter;
    stalled: Counter;
    exits: Counter;
    fpm: Record<FpmCounterName, Counter>;
  };

  const build = () => {
    const prom = loadPromClient();
    const registry = new prom.Registry();
    const gauges = Object.fromEntries(
      Object.entries(gaugeSpecs).map(([key, [name, help, labelNames]]) => [
        key,
        new prom.Gauge({ name, help, labelNames, registers: [registry] }),
      ]),
    ) as Record<GaugeName, Gauge>;
    const counter = (name: string, help: string, labelNames: string[]) =>
      new prom.Counter({ name, help, labelNames, registers: [registry] });
    return {
      registry,
      gauges,
      jobs: counter('crew_jobs_total', 'Job attempts finished, by outcome.', ['queue', 'outcome']),
      stalled: counter(
        'crew_jobs_stalled_total',
        'Jobs whose worker died while running them (put back without spending a try, or failed past max_stalls).',
        ['queue'],
      ),
      exits: counter('crew_process_exits_total', 'Process exits, by reason.', ['pool', 'reason']),
      fpm: Object.fromEntries(
        Object.entries(fpmCounterSpecs).map(([key, [name, help]]) => [
          key,
          counter(name, help, fpmLabels),
        ]),
      ) as Record<FpmCounterName, Counter>,
    };
  };

  return {
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    countExit(pool, reason) {
      const key = `${pool}\0${reason}`;
      const entry = exits.get(key) ?? { pool, reason, count: 0 };
      entry.count += 1;
      exits.set(key, entry);
    },
    async render(overview, signal) {
      built ??= build();
      const { registry, gauges: g } = built;
      for (const gauge of Object.values(g)) gauge.reset();
      built.jobs.reset();
      built.stalled.reset();
      built.exits.reset();
      for (const counter of Object.values(built.fpm)) counter.reset();
      // A gauge without labels reads 0 until set: one with nothing to say is left out instead.
      const optional = (key: GaugeName, value: number | null) => {
        const name = gaugeSpecs[key][0];
        if (value === null) return registry.removeSingleMetric(name);
        if (!registry.getSingleMetric(name)) registry.registerMetric(g[key]);
        g[key].set(value);
      };
      optional('containerUsage', overview.container?.usage_bytes ?? null);
      optional('containerLimit', overview.container?.limit_bytes ?? null);
      optional('budget', overview.budget_bytes);
      g.budgetUsed.set(overview.budget.used_bytes);
      setMemory(g, overview);
      setQueues(g, built, overview);
      setPools(g, overview);
      for (const entry of overview.fpm ?? []) setFpm(g, built.fpm, entry);
      if (signal) {
        g.desiredHosts.set(signal.desired_hosts);
        g.liveHosts.set(signal.live_hosts);
      }
      for (const { pool, reason, count } of exits.values())
        built.exits.inc({ pool, reason }, count);
      return registry.metrics();
    },
  };
}

function setMemory(g: Record<GaugeName, Gauge>, overview: Overview): void {
  for (const proc of overview.processes) {
    // A process being recycled and its replacement share a name: their memory adds up.
    const labels = { pool: proc.pool, process: proc.name };
    if (proc.pss_bytes !== null) g.processPss.inc(labels, proc.pss_bytes);
    if (proc.rss_bytes !== null) g.processRss.inc(labels, proc.rss_bytes);
  }
  g.daemonPss.set(overview.crew.pss_bytes);
}

function setQueues(
  g: Record<GaugeName, Gauge>,
  { jobs, stalled }: { jobs: Counter; stalled: Counter },
  overview: Overview,
): void {
  for (const q of overview.queues) {
    const labels = { queue: q.queue };
    g.queueReady.set(labels, q.ready);
    g.queueDelayed.set(labels, q.delayed);
    g.queueReserved.set(labels, q.reserved);
    if (q.failed !== null) g.queueFailed.set(labels, q.failed);
    g.queueOldestWait.set(labels, (q.oldest_wait_ms ?? 0) / 1000);
    for (const [outcome, count] of Object.entries(q.totals ?? {})) {
      if (outcome === 'stalled') stalled.inc({ queue: q.queue }, count);
      else jobs.inc({ queue: q.queue, outcome }, count);
    }
  }
}

function setPools(g: Record<GaugeName, Gauge>, overview: Overview): void {
  for (const pool of overview.pools) {
    for (const state of Object.keys(everyState) as ProcessState[]) {
      g.poolProcesses.set({ pool: pool.name, state }, pool.states[state] ?? 0);
    }
    g.poolDesired.set({ pool: pool.name }, pool.desired);
    g.poolShortfall.set({ pool: pool.name }, pool.shortfall);
  }
}
