// The effectful shell around one process's lifecycle: it feeds events to the pure `transition`,
// has the actions it returns performed (process-actions.ts), spawns (spawn-child.ts), settles
// exits (settle-exit.ts) and reports every change.
import type { ChildProcess } from 'node:child_process';
import { renderTemplate } from '../config/process-names.js';
import type { PoolConfig } from '../config/types.js';
import type { EventBus } from '../events/typed-emitter.js';
import type { SupervisorEvents } from './events.js';
import { type ExitRecord, spawnFailedRecord } from './exit-record.js';
import {
  createProcessOutput,
  type LineStyle,
  type OutputTargets,
  type ProcessOutput,
} from './output.js';
import { createActionPerformer } from './process-actions.js';
import {
  initialLifecycle,
  isRetiring,
  isUp,
  type Lifecycle,
  type ProcessAction,
  type ProcessEvent,
  type ProcessState,
  transition,
} from './process-state.js';
import { settleExit } from './settle-exit.js';
import { signalProcess, signalsGroup } from './signals.js';
import { newInstanceId, spawnChild } from './spawn-child.js';
import { createStateWaiters } from './state-waiters.js';

export const keptExits = 5;

export interface SpawnedProcess {
  readonly name: string;
  readonly pool: string;
  readonly pid: number;
  readonly stopTimeoutMs: number;
  // This spawn's id (CREW_INSTANCE).
  readonly instance: string;
}

export interface ManagedProcessDeps {
  readonly events: EventBus<SupervisorEvents>;
  readonly now: () => number;
  readonly outputTargets?: OutputTargets;
  // Told about every spawn and exit so a later run can clean up after a SIGKILLed crew.
  // A process was spawned (pid records: what a later run must stop and put back if crew dies).
  readonly onSpawn: (spawned: SpawnedProcess) => void;
  readonly onReap: (pid: number) => void;
  // Starts every spawn's instance id (the daemon's host id); none by default.
  readonly instancePrefix?: string;
  // How the lines processes write to crew's streams look (`log_format`), read at each line.
  readonly lineStyle?: () => LineStyle;
  // Receives what a worker host sends over its IPC channel, unchecked (worker/reports.ts reads it).
  readonly onMessage?: (
    from: { name: string; pool: string; pid: number },
    message: unknown,
  ) => void;
}

export interface ManagedProcess {
  readonly name: string;
  readonly num: number;
  readonly pool: PoolConfig;
  readonly output: ProcessOutput;
  // Takes new settings that apply without a restart (argv, env, cwd and logs stay as spawned).
  reconfigure(next: PoolConfig): void;
  state(): ProcessState;
  pid(): number | null;
  startedAt(): number | null;
  exits(): readonly ExitRecord[];
  // Takes on the exits of the process it replaced (older first), keeping the last keptExits:
  // the slot's history survives a recycle, as `status` shows it.
  inheritExits(earlier: readonly ExitRecord[]): void;
  start(): void;
  // Stops it (stopsignal, then SIGKILL after stop_timeout) and resolves once it is down.
  stop(): Promise<void>;
  // Sends a signal to the process (its group when kill_tree) if it is up.
  signal(signal: NodeJS.Signals): boolean;
  // SIGKILLs a stopping or draining process's group now instead of waiting out stop_timeout.
  kill(): void;
  // The lifecycle as it stands (state, why crew is retiring it), read-only.
  lifecycle(): Lifecycle;
  // True while it is leaving its pool: being replaced, draining, or drained.
  isRetiring(): boolean;
  // Marks a RUNNING process as being replaced; false when it is not RUNNING or already retiring.
  markReplaced(reason: string): boolean;
  // Cancels markReplaced (its replacement failed): it stays as it is.
  keep(): void;
  // Retires it: stopsignal, SIGKILL after stop_timeout; resolves once it is down.
  drain(kind: 'replace' | 'scale-down', reason: string): Promise<void>;
  // SIGKILLs its group now as a recycle; it restarts unless it was leaving. False if not up.
  killNow(reason: string): boolean;
  // Resolves when the state satisfies the predicate.
  until(predicate: (state: ProcessState) => boolean): Promise<ProcessState>;
}

// Creates a managed process in STOPPED; nothing runs until start().
export function createManagedProcess(
  initialPool: PoolConfig,
  num: number,
  name: string,
  deps: ManagedProcessDeps,
): ManagedProcess {
  const { events, now } = deps;
  // Replaced by reconfigure() for settings that need no restart (timings, priority...).
  let pool = initialPool;
  const render = (template: string) => renderTemplate(template, { pool: pool.name, num, name });
  const output = createProcessOutput(name, pool.logs, render, deps.outputTargets, {
    pool: pool.name,
    lines: deps.lineStyle ?? (() => 'text'),
  });
  let life: Lifecycle = initialLifecycle;
  let child: ChildProcess | null = null;
  let startedAt: number | null = null;
  const exits: ExitRecord[] = [];
  const waiters = createStateWaiters(() => life.state);
  const actions = createActionPerformer({
    dispatch: (event) => dispatch(event),
    launch: (startTimerMs) => launch(startTimerMs),
    pid: () => child?.pid,
    killTree: () => pool.killTree,
    signalTree: () => signalsGroup(pool),
  });

  const recordExit = (record: ExitRecord, instance: string | null) => {
    exits.push(record);
    if (exits.length > keptExits) exits.shift();
    events.emit('process:exit', {
      name,
      pool: pool.name,
      pid: child?.pid ?? null,
      instance,
      record,
    });
  };

  function dispatch(event: ProcessEvent): readonly ProcessAction[] {
    const from = life.state;
    const { next, actions: todo } = transition(life, event, pool, now());
    life = next;
    if (from !== next.state) {
      events.emit('process:state', {
        name,
        pool: pool.name,
        from,
        to: next.state,
        pid: child?.pid ?? null,
      });
    }
    for (const action of todo) actions.perform(action);
    waiters.wake();
    return todo;
  }

  function launch(startTimerMs: number) {
    const spawnedAt = now();
    const instance = newInstanceId(deps.instancePrefix);
    let proc: ChildProcess;
    try {
      proc = spawnChild(pool, num, name, instance);
    } catch (error) {
      failSpawn(spawnedAt, error);
      return;
    }
    child = proc;
    startedAt = spawnedAt;
    proc.once('error', (error) => {
      if (proc.pid === undefined && child === proc) failSpawn(spawnedAt, error);
    });
    if (proc.pid === undefined) return;
    const pid = proc.pid;
    output.attach(proc.stdout!, proc.stderr!);
    deps.onSpawn({ name, pool: pool.name, pid, stopTimeoutMs: pool.stopTimeoutMs, instance });
    events.emit('process:spawn', { name, pool: pool.name, pid, instance });
    const { onMessage } = deps;
    if (pool.worker && onMessage) {
      proc.on('message', (message) => onMessage({ name, pool: pool.name, pid }, message));
    }
    proc.once('exit', (code, signal) => void onExit(proc, pid, instance, spawnedAt, code, signal));
    if (startTimerMs === 0) dispatch({ type: 'started' });
    else actions.later(startTimerMs, { type: 'started' });
  }

  function failSpawn(spawnedAt: number, error: unknown) {
    child = null;
    startedAt = null;
    recordExit(spawnFailedRecord(spawnedAt, now(), error), null);
    dispatch({ type: 'spawn-failed' });
  }

  async function onExit(
    proc: ChildProcess,
    pid: number,
    instance: string,
    spawnedAt: number,
    exitCode: number | null,
    signal: NodeJS.Signals | null,
  ) {
    const exit = { pid, spawnedAt, exitCode, signal };
    recordExit(await settleExit(exit, { pool: () => pool, life: () => life, now }), instance);
    if (child === proc) {
      child = null;
      startedAt = null;
    }
    deps.onReap(pid);
    dispatch({ type: 'exited', exitCode, signal });
  }

  const { until } = waiters;
  const untilDown = () => until((state) => !isUp(state));

  return {
    name,
    num,
    get pool() {
      return pool;
    },
    output,
    reconfigure(next) {
      pool = next;
    },
    state: () => life.state,
    pid: () => child?.pid ?? null,
    startedAt: () => startedAt,
    exits: () => exits,
    inheritExits(earlier) {
      exits.unshift(...earlier);
      if (exits.length > keptExits) exits.splice(0, exits.length - keptExits);
    },
    start: () => dispatch({ type: 'start' }),
    async stop() {
      dispatch({ type: 'stop' });
      await untilDown();
    },
    signal(sig) {
      if (!child?.pid) return false;
      return signalProcess(child.pid, sig, signalsGroup(pool));
    },
    kill() {
      dispatch({ type: 'stop-timeout' });
    },
    lifecycle: () => life,
    isRetiring: () => isRetiring(life),
    markReplaced(reason) {
      const before = life;
      dispatch({ type: 'replace', reason });
      return life !== before;
    },
    keep: () => dispatch({ type: 'keep' }),
    async drain(kind, reason) {
      dispatch({ type: 'drain', kind, reason });
      await untilDown();
    },
    killNow(reason) {
      if (!child?.pid) return false;
      return dispatch({ type: 'kill', reason }).some((action) => action.type === 'kill');
    },
    until,
  };
}
