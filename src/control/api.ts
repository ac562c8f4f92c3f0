// The control API as plain functions of their params, typed by methods.ts: the Unix socket and
// HTTP serve them after params.ts has checked the params. Tests call them directly.

import { normaliseSignal } from '../config/signals.js';
import { CrewError } from '../errors/crew-error.js';
import type { ManagedProcess } from '../supervise/managed-process.js';
import { findPool } from '../supervise/selector.js';
import type { Supervisor } from '../supervise/supervisor.js';
import type { ControlHandlers } from './methods.js';
import { historyEntryJson } from './wire/config.js';
import type { FpmPoolJson } from './wire/fpm.js';
import type { StatsReport } from './wire/memory.js';
import { type ProcessResultJson, processStatusJson } from './wire/process.js';

// A config version as the daemon records it (`crew history --json` shows historyEntryJson's).
export interface HistoryEntry {
  readonly version: number;
  readonly appliedAt: number;
  readonly hash: string;
  readonly source: string;
  readonly changes: readonly string[];
}

export type ApiHandlers = Pick<
  ControlHandlers,
  | 'status'
  | 'start'
  | 'stop'
  | 'restart'
  | 'signal'
  | 'scale'
  | 'tail'
  | 'stats'
  | 'reload'
  | 'history'
  | 'rollback'
  | 'shutdown'
>;

interface Applied {
  readonly version: number | null;
  readonly changes: readonly string[];
}

export interface ApiDeps {
  readonly supervisor: Supervisor;
  // Memory of each process with its descendants; pids that cannot be read are left out.
  readonly memoryOf: (
    pids: readonly number[],
  ) => Promise<ReadonlyMap<number, { rssBytes: number; pssBytes: number }>>;
  // `crew stats`: the latest memory sample as a report.
  readonly stats: () => Promise<StatsReport>;
  readonly reload: () => Promise<Applied>;
  readonly history: () => readonly HistoryEntry[];
  readonly rollback: (version: number | null) => Promise<Applied>;
  readonly shutdown: () => void;
  // Pins a pool's count for the autoscaler (`crew scale POOL=N`); null unpins (`POOL=auto`).
  readonly pin?: (pool: string, count: number | null) => void;
  // PHP-FPM pools as last read (fpm-watch.ts); absent or empty without any.
  readonly fpm?: () => readonly FpmPoolJson[];
}

const outcome = (proc: ManagedProcess, result: string): ProcessResultJson => ({
  name: proc.name,
  pool: proc.pool.name,
  group: proc.pool.group,
  result,
});

// Waits for each process to settle after a start and names the outcome as supervisorctl does.
async function startOutcome(proc: ManagedProcess): Promise<ProcessResultJson> {
  const state = await proc.until(
    (s) => s === 'RUNNING' || s === 'FATAL' || s === 'EXITED' || s === 'STOPPED',
  );
  const last = proc.exits().at(-1);
  if (state === 'RUNNING') return outcome(proc, 'started');
  const why =
    last?.reason === 'spawn-failed' ? `spawn error: ${last.error}` : 'abnormal termination';
  return outcome(proc, `ERROR (${why})`);
}

// Builds the handlers over a running supervisor.
export function createApi(deps: ApiDeps): ApiHandlers {
  const { supervisor } = deps;
  return {
    async status({ selector = 'all' }) {
      const wanted = new Set(supervisor.select(selector).map((proc) => proc.name));
      const snapshots = supervisor.snapshot().filter((snap) => wanted.has(snap.name));
      const memory = await deps.memoryOf(
        snapshots.flatMap((snap) => (snap.pid === null ? [] : [snap.pid])),
      );
      const pools = new Set(snapshots.map((snap) => snap.pool));
      const fpm = (deps.fpm?.() ?? []).filter((entry) => pools.has(entry.pool));
      return {
        processes: snapshots.map((snap) =>
          processStatusJson(snap, snap.pid === null ? undefined : memory.get(snap.pid)),
        ),
        ...(fpm.length > 0 ? { fpm } : {}),
      };
    },
    async start({ selector }) {
      const targets = supervisor.select(selector);
      const already = new Set(targets.filter((p) => p.state() === 'RUNNING').map((p) => p.name));
      await supervisor.startProcesses(selector);
      const outcomes = await Promise.all(
        targets.map((proc) =>
          already.has(proc.name) ? outcome(proc, 'ERROR (already started)') : startOutcome(proc),
        ),
      );
      return { processes: outcomes };
    },
    async stop({ selector }) {
      const targets = await supervisor.stopProcesses(selector);
      return { processes: targets.map((p) => outcome(p, 'stopped')) };
    },
    async restart({ selector }) {
      const targets = await supervisor.restartProcesses(selector);
      return { processes: await Promise.all(targets.map(startOutcome)) };
    },
    async signal({ selector, signal }) {
      const targets = supervisor.select(selector);
      const sent = new Set(
        supervisor.signalProcesses(normaliseSignal(signal), selector).map((p) => p.name),
      );
      return {
        processes: targets.map((p) =>
          outcome(p, sent.has(p.name) ? 'signalled' : 'ERROR (not running)'),
        ),
      };
    },
    async scale({ pool, count }) {
      if (count === 'auto') {
        const from = findPool(supervisor.pools(), pool).processes().length;
        deps.pin?.(pool, null);
        return { from, to: from, pinned: false };
      }
      const result = await supervisor.scale(pool, count, 'crew scale');
      deps.pin?.(pool, count);
      // Only an autoscaled pool would otherwise move.
      const autoscaled = findPool(supervisor.pools(), pool).config.autoscale !== null;
      return { ...result, pinned: deps.pin !== undefined && autoscaled };
    },
    async tail({ name, stream = 'stdout', bytes = 1600, follow = false }, sink) {
      const [proc] = supervisor.select(name);
      if (!proc) throw new CrewError('CREW_PROCESS_NOT_FOUND', `no process "${name}"`);
      const path = proc.output.filePath(stream);
      const tail = { name: proc.name, stream, path, text: proc.output.tails[stream].read(bytes) };
      if (!follow) return tail;
      sink.data({ text: tail.text });
      await new Promise<void>((resolve) => {
        const follower = (from: string, chunk: string) => {
          if (from === stream) sink.data({ text: chunk });
        };
        proc.output.followers.add(follower);
        sink.onClose(() => {
          proc.output.followers.delete(follower);
          resolve();
        });
      });
      return tail;
    },
    stats: () => deps.stats(),
    reload: () => deps.reload(),
    history: async () => ({ versions: deps.history().map(historyEntryJson) }),
    rollback: ({ version }) => deps.rollback(version ?? null),
    async shutdown() {
      setImmediate(deps.shutdown);
      return { stopping: true };
    },
  };
}
