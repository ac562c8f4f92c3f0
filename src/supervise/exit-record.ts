// Every exit of a managed process becomes one of these records, read alike by the restart
// policy, `crew status`, the event log and (later) the dashboard.
import type { Lifecycle } from './process-state.js';

export type ExitReason =
  // It ended by itself with an exit code.
  | 'exited'
  // It was ended by a signal crew did not send.
  | 'signaled'
  // crew stopped it and it ended within stop_timeout.
  | 'stopped'
  // crew stopped it, it outlived stop_timeout and its group was SIGKILLed.
  | 'killed-after-timeout'
  // It could not be started at all (missing binary, bad cwd).
  | 'spawn-failed'
  // It was replaced for its memory or uptime, killed as a runaway, or stopped itself to be
  // replaced (an exit code in recycle.exit_codes); `detail` says which.
  | 'recycled';

export interface ExitRecord {
  readonly reason: ExitReason;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly durationMs: number;
  // True when crew had to SIGKILL it.
  readonly forced: boolean;
  // True when the exit code is listed in the pool's exitcodes.
  readonly expected: boolean;
  // For spawn failures: the error message.
  readonly error?: string;
  // For recycles and scale-downs: why, e.g. "PSS 131 MiB > max_memory 128 MiB".
  readonly detail?: string;
}

export interface ExitFacts {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly startedAt: number;
  readonly endedAt: number;
  // The lifecycle as the process ended: whether crew was stopping or draining it, why it was
  // retiring it, whether it had to SIGKILL it.
  readonly life: Lifecycle;
  readonly exitcodes: readonly number[];
  readonly recycleExitCodes: readonly number[];
}

// Why crew ended the run, when it did: a stop, a scale-down or a recycle (and why).
function endedByCrew(life: Lifecycle): { reason: ExitReason; detail?: string } | null {
  const { state, retiring, forced } = life;
  const stopped: ExitReason = forced ? 'killed-after-timeout' : 'stopped';
  if (retiring?.kind === 'scale-down') return { reason: stopped, detail: retiring.reason };
  // One waiting for its replacement that exits by itself was not ended by crew; nor was one an
  // operator stopped meanwhile.
  if (retiring && (state === 'DRAINING' || (state === 'RUNNING' && forced))) {
    return { reason: 'recycled', detail: retiring.reason };
  }
  if (state === 'STOPPING' || state === 'DRAINING') return { reason: stopped };
  return null;
}

// Classifies how a process ended.
export function classifyExit(facts: ExitFacts): ExitRecord {
  const { exitCode, signal, startedAt, endedAt } = facts;
  let reason: ExitReason;
  let detail: string | undefined;
  const byCrew = endedByCrew(facts.life);
  if (byCrew) ({ reason, detail } = byCrew);
  else if (exitCode !== null && facts.recycleExitCodes.includes(exitCode)) {
    reason = 'recycled';
    detail = `exit ${exitCode}: the process stopped itself to be replaced (recycle.exit_codes)`;
  } else reason = signal ? 'signaled' : 'exited';
  return {
    reason,
    exitCode,
    signal,
    startedAt,
    endedAt,
    durationMs: Math.max(0, endedAt - startedAt),
    forced: facts.life.forced,
    expected: reason === 'recycled' || (exitCode !== null && facts.exitcodes.includes(exitCode)),
    ...(detail ? { detail } : {}),
  };
}

// The record of a process that could not be started at all.
export function spawnFailedRecord(startedAt: number, endedAt: number, error: unknown): ExitRecord {
  return {
    reason: 'spawn-failed',
    exitCode: null,
    signal: null,
    startedAt,
    endedAt,
    durationMs: endedAt - startedAt,
    forced: false,
    expected: false,
    error: error instanceof Error ? error.message : String(error),
  };
}

// A short text for the record: "exit 1 after 0.2s", "SIGKILL after 10.0s (stop timed out)".
export function describeExit(record: ExitRecord): string {
  const after = `after ${(record.durationMs / 1000).toFixed(1)}s`;
  switch (record.reason) {
    case 'spawn-failed':
      return `could not start: ${record.error ?? 'unknown error'}`;
    case 'stopped':
      return `stopped ${after}`;
    case 'killed-after-timeout':
      return `killed with SIGKILL ${after} (stop timed out)`;
    case 'signaled':
      return `${record.signal} ${after}`;
    case 'exited':
      return `exit ${record.exitCode}${record.expected ? '' : ' (unexpected)'} ${after}`;
    case 'recycled':
      return `${record.detail}; ran ${(record.durationMs / 1000).toFixed(1)}s`;
  }
}
