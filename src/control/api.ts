// The control API as plain functions of their params: the Unix socket serves them now and the
// HTTP API will serve the same ones. Tests call them directly.
import { isSignalName, normaliseSignal } from '../config/signals.js';
import { CrewError } from '../errors/crew-error.js';
import type { ExitRecord } from '../supervise/exit-record.js';
import type { ManagedProcess } from '../supervise/managed-process.js';
import type { ProcessState } from '../supervise/process-state.js';
import { findPool } from '../supervise/selector.js';
import { snapshotPools } from '../supervise/snapshot.js';
import type { Supervisor } from '../supervise/supervisor.js';

export interface StreamSink {
  data(data: unknown): void;
  onClose(fn: () => void): void;
}
export type Handler = (params: Record<string, unknown>, sink: StreamSink) => Promise<unknown>;
export type ControlHandlers = Record<string, Handler>;

export interface HistoryEntry {
  readonly version: number;
  readonly appliedAt: number;
  readonly hash: string;
  readonly source: string;
  readonly changes: readonly string[];
}

export type ExitJson = ReturnType<typeof exitJson>;

// One process in `status` answers (`crew status --json`, `/status`); shape in docs/cli.md.
export interface ProcessStatusJson {
  readonly name: string;
  readonly pool: string;
  readonly group: string | null;
  readonly state: ProcessState;
  readonly pid: number | null;
  readonly uptime_s: number | null;
  readonly description: string;
  readonly rss_bytes: number | null;
  readonly pss_bytes: number | null;
  readonly retiring: boolean;
  readonly exits: readonly ExitJson[];
}

export interface ApiDeps {
  readonly supervisor: Supervisor;
  readonly now: () => number;
  // Memory of each process with its descendants; pids that cannot be read are left out.
  readonly memoryOf: (
    pids: readonly number[],
  ) => Promise<ReadonlyMap<number, { rssBytes: number; pssBytes: number }>>;
  // `crew stats`: the latest memory sample as a report.
  readonly stats: () => Promise<unknown>;
  readonly reload: () => Promise<{ version: number | null; changes: readonly string[] }>;
  readonly history: () => readonly HistoryEntry[];
  readonly rollback: (
    version: number | null,
  ) => Promise<{ version: number | null; changes: readonly string[] }>;
  readonly shutdown: () => void;
  // Pins a pool's count for the autoscaler (`crew scale POOL=N`); null unpins (`POOL=auto`).
  readonly pin?: (pool: string, count: number | null) => void;
}

function text(params: Record<string, unknown>, key: string, fallback?: string): string {
  const value = params[key] ?? fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new CrewError('CREW_USAGE', `"${key}" must be a non-empty string`);
  }
  return value;
}

// An exit as status JSON, /status and the event stream show it.
export function exitJson(record: ExitRecord) {
  return {
    reason: record.reason,
    exit_code: record.exitCode,
    signal: record.signal,
    duration_ms: record.durationMs,
    forced: record.forced,
    expected: record.expected,
    ended_at: new Date(record.endedAt).toISOString(),
    ...(record.error ? { error: record.error } : {}),
    ...(record.detail ? { detail: record.detail } : {}),
  };
}

// Waits for each process to settle after a start and names the outcome as supervisorctl does.
async function startOutcome(proc: ManagedProcess) {
  const state = await proc.until(
    (s) => s === 'RUNNING' || s === 'FATAL' || s === 'EXITED' || s === 'STOPPED',
  );
  const last = proc.exits().at(-1);
  if (state === 'RUNNING') return { name: proc.name, pool: proc.pool.name, result: 'started' };
  const why =
    last?.reason === 'spawn-failed' ? `spawn error: ${last.error}` : 'abnormal termination';
  return { name: proc.name, pool: proc.pool.name, result: `ERROR (${why})` };
}

// Builds the handlers over a running supervisor.
export function createApi(deps: ApiDeps): ControlHandlers {
  const { supervisor } = deps;
  return {
    async status(params) {
      const selector = typeof params.selector === 'string' ? params.selector : 'all';
      const wanted = new Set(supervisor.select(selector).map((proc) => proc.name));
      const snapshots = snapshotPools(supervisor.pools(), deps.now()).filter((snap) =>
        wanted.has(snap.name),
      );
      const memory = await deps.memoryOf(
        snapshots.flatMap((snap) => (snap.pid === null ? [] : [snap.pid])),
      );
      const processes = snapshots.map((snap): ProcessStatusJson => {
        const mem = snap.pid === null ? undefined : memory.get(snap.pid);
        return {
          name: snap.name,
          pool: snap.pool,
          group: snap.group,
          state: snap.state,
          pid: snap.pid,
          uptime_s: snap.uptimeMs === null ? null : Math.floor(snap.uptimeMs / 1000),
          description: snap.description,
          rss_bytes: mem?.rssBytes ?? null,
          pss_bytes: mem?.pssBytes ?? null,
          // Being replaced by a process of the same name (recycling).
          retiring: snap.retiring,
          exits: snap.exits.map(exitJson),
        };
      });
      return { processes };
    },
    async start(params) {
      const targets = supervisor.select(text(params, 'selector'));
      const already = new Set(targets.filter((p) => p.state() === 'RUNNING').map((p) => p.name));
      await supervisor.startProcesses(text(params, 'selector'));
      const outcomes = await Promise.all(
        targets.map((proc) =>
          already.has(proc.name)
            ? { name: proc.name, pool: proc.pool.name, result: 'ERROR (already started)' }
            : startOutcome(proc),
        ),
      );
      return { processes: outcomes };
    },
    async stop(params) {
      const targets = await supervisor.stopProcesses(text(params, 'selector'));
      return {
        processes: targets.map((p) => ({ name: p.name, pool: p.pool.name, result: 'stopped' })),
      };
    },
    async restart(params) {
      const targets = await supervisor.restartProcesses(text(params, 'selector'));
      return { processes: await Promise.all(targets.map(startOutcome)) };
    },
    async signal(params) {
      const name = text(params, 'signal');
      if (!isSignalName(name)) {
        throw new CrewError('CREW_BAD_SIGNAL', `unknown signal "${name}"`, [
          'use a name such as TERM, HUP, USR1, USR2',
        ]);
      }
      const selector = text(params, 'selector');
      const targets = supervisor.select(selector);
      const sent = new Set(
        supervisor.signalProcesses(normaliseSignal(name), selector).map((p) => p.name),
      );
      return {
        processes: targets.map((p) => ({
          name: p.name,
          pool: p.pool.name,
          result: sent.has(p.name) ? 'signalled' : 'ERROR (not running)',
        })),
      };
    },
    async scale(params) {
      const count = params.count;
      const pool = text(params, 'pool');
      if (count === 'auto') {
        const from = findPool(supervisor.pools(), pool).processes().length;
        deps.pin?.(pool, null);
        return { from, to: from, pinned: false };
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new CrewError(
          'CREW_USAGE',
          'count must be a whole number of processes, 0 or more, or auto',
        );
      }
      const result = await supervisor.scale(pool, count, 'crew scale');
      deps.pin?.(pool, count);
      // Only an autoscaled pool would otherwise move.
      const autoscaled = findPool(supervisor.pools(), pool).config.autoscale !== null;
      return { ...result, pinned: deps.pin !== undefined && autoscaled };
    },
    async tail(params, sink) {
      const [proc] = supervisor.select(text(params, 'name'));
      if (!proc)
        throw new CrewError('CREW_PROCESS_NOT_FOUND', `no process "${String(params.name)}"`);
      const stream = params.stream === 'stderr' ? 'stderr' : 'stdout';
      const bytes = typeof params.bytes === 'number' ? params.bytes : 1600;
      const path = proc.output.filePath(stream);
      const tail = { name: proc.name, stream, path, text: proc.output.tails[stream].read(bytes) };
      if (params.follow !== true) return tail;
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
    history: async () => ({ versions: deps.history() }),
    rollback: (params) => deps.rollback(typeof params.version === 'number' ? params.version : null),
    async shutdown() {
      setImmediate(deps.shutdown);
      return { stopping: true };
    },
  };
}
