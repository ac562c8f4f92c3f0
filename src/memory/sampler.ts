// The memory sampler: every interval, the container's usage, crew's own memory and each managed
// process's whole tree (see measure-trees.ts for how a tick stays cheap), kept as the latest
// sample, recorded in the history and passed to listeners. A tick never throws: what fails is
// counted in stats() and left out of the sample.
import { performance } from 'node:perf_hooks';
import { CrewError } from '../errors/crew-error.js';
import { readContainerMemory } from './cgroup.js';
import { readCgroupPids } from './cgroup-procs.js';
import { createMemoryHistory, type MemoryHistory } from './history.js';
import { createTreeMeasurer, type TreeMeasurement } from './measure-trees.js';
import type { ContainerFigures, Sample, SampleTarget } from './sample.js';
import { readPageSize } from './scan-processes.js';

export interface SamplerOptions {
  readonly intervalMs: number;
  // The managed processes up right now; asked every tick.
  targets(): readonly SampleTarget[];
  // crew's own process, measured alone (its children are the targets). Default process.pid.
  readonly selfPid?: number;
  readonly readContainer?: () => ContainerFigures | null;
  // The pids in crew's memory cgroup (null: unknown), to tell the processes crew did not start.
  readonly readCgroupPids?: () => readonly number[] | null;
  readonly now?: () => number;
  readonly procRoot?: string;
  // Each process's smaps_rollup (PSS, USS, swap) is read at least this often; statm (RSS,
  // anonymous memory) every tick. The default, 30 s, keeps 50 idle Node workers of ~60 MiB RSS
  // under 1 % of a core at a 1 s interval with room to spare on a busy host (bench/sampler.mjs,
  // 2 AMD EPYC cores): 1.7 smaps_rollup reads a tick at ~1.1 ms of kernel time each (twice the
  // 0.5 ms one might expect), ~1 ms to list /proc, ~0.4 ms of statm reads, ~1.5 ms in JS.
  // With 20 s the same run measured 0.75-1.07 %, with 10 s 1.26 % (before scan-processes.ts
  // kept the stat of processes outside the trees from tick to tick, which saves ~0.9 ms).
  readonly fullReadEveryMs?: number;
  // The unit of RSS in /proc/PID/stat; read from /proc/self/smaps by default.
  readonly pageSizeBytes?: number;
  readonly history?: MemoryHistory;
  // Calls tick every intervalMs until the returned cancel is called; default an unref'ed
  // setInterval, so the sampler never keeps the process alive.
  readonly schedule?: (tick: () => void, intervalMs: number) => () => void;
}

export interface SamplerStats {
  readonly ticks: number;
  readonly errors: number;
  // Wall time of the last tick, its awaited reads included.
  readonly lastTickMs: number;
  readonly lastError: unknown;
}

export interface Sampler {
  // Samples now, then every intervalMs; a tick due while one still runs is skipped.
  start(): void;
  // Stops the timer; resolves once a tick under way has ended.
  stop(): Promise<void>;
  // A fresh sample, taken after any tick under way.
  sampleNow(): Promise<Sample>;
  latest(): Sample | null;
  readonly history: MemoryHistory;
  // Calls listener with every sample; returns the unsubscribe function.
  onSample(listener: (sample: Sample) => void): () => void;
  stats(): SamplerStats;
}

function scheduleInterval(tick: () => void, intervalMs: number): () => void {
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function readDefaultContainer(): ContainerFigures | null {
  return readContainerMemory();
}

export function createSampler(options: SamplerOptions): Sampler {
  const { intervalMs, selfPid = process.pid, now = Date.now, procRoot = '/proc' } = options;
  if (!(intervalMs > 0))
    throw new CrewError('CREW_INTERNAL', `Bad sampler interval ${intervalMs}.`);
  const readContainer = options.readContainer ?? readDefaultContainer;
  const readPids = options.readCgroupPids ?? (() => readCgroupPids());
  const schedule = options.schedule ?? scheduleInterval;
  const history = options.history ?? createMemoryHistory();
  const measurer = createTreeMeasurer({
    procRoot,
    refreshTicks: Math.max(1, Math.round((options.fullReadEveryMs ?? 30_000) / intervalMs)),
    pageSizeBytes: options.pageSizeBytes ?? readPageSize(procRoot),
  });
  const listeners = new Set<(sample: Sample) => void>();
  const stats = { ticks: 0, errors: 0, lastTickMs: 0, lastError: null as unknown };
  const fail = (error: unknown) => {
    stats.errors++;
    stats.lastError = error;
  };
  let latest: Sample | null = null;
  let cancel: (() => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;

  function readContainerFigures(): ContainerFigures | null {
    try {
      const memory = readContainer();
      if (memory === null) return null;
      return {
        usageBytes: memory.usageBytes,
        limitBytes: memory.limitBytes,
        hasLimit: memory.hasLimit,
      };
    } catch (error) {
      fail(error);
      return null;
    }
  }

  function readTargets(): readonly SampleTarget[] {
    try {
      return options.targets();
    } catch (error) {
      fail(error);
      return [];
    }
  }

  function readPidsOrNull(): readonly number[] | null {
    try {
      return readPids();
    } catch (error) {
      fail(error);
      return null;
    }
  }

  async function measure(): Promise<TreeMeasurement> {
    try {
      return await measurer.measure(readTargets(), selfPid, fail, readPidsOrNull());
    } catch (error) {
      fail(error);
      const crew = { pssBytes: 0, rssBytes: 0, ussBytes: 0, swapBytes: 0 };
      return { crew, processes: [], foreign: null };
    }
  }

  async function tick(): Promise<Sample> {
    const startedAt = performance.now();
    const at = now();
    const container = readContainerFigures();
    const sample: Sample = { at, container, ...(await measure()) };
    try {
      history.record(sample);
    } catch (error) {
      fail(error);
    }
    latest = sample;
    stats.ticks++;
    stats.lastTickMs = performance.now() - startedAt;
    for (const listener of listeners) {
      try {
        listener(sample);
      } catch (error) {
        fail(error);
      }
    }
    return sample;
  }

  // Runs ticks one after the other.
  function enqueue(): Promise<Sample> {
    pending++;
    const run = queue.then(tick).finally(() => pending--);
    queue = run.catch(fail);
    return run;
  }

  const onTimer = () => {
    if (pending === 0) void enqueue();
  };

  return {
    start() {
      if (cancel !== null) return;
      cancel = schedule(onTimer, intervalMs);
      onTimer();
    },
    async stop() {
      cancel?.();
      cancel = null;
      await queue;
    },
    sampleNow: enqueue,
    latest: () => latest,
    history,
    onSample(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: () => ({ ...stats }),
  };
}
