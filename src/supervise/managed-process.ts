// The effectful shell around one process's lifecycle: it feeds events to the pure `transition`,
// performs the actions it returns (spawn, timers, signals) and reports every change.
import { type ChildProcess, spawn } from 'node:child_process';
import { renderTemplate } from '../config/process-names.js';
import type { PoolConfig } from '../config/types.js';
import type { EventBus } from '../events/typed-emitter.js';
import type { SupervisorEvents } from './events.js';
import { classifyExit, type ExitRecord } from './exit-record.js';
import { createProcessOutput, type OutputTargets, type ProcessOutput } from './output.js';
import {
  initialLifecycle,
  type Lifecycle,
  type ProcessAction,
  type ProcessEvent,
  type ProcessState,
  transition,
} from './process-state.js';
import { signalProcess, waitForGroupGone } from './signals.js';

export const keptExits = 5;

// What a worker host reads at start (src/worker/spec.ts): its pool's handler settings, the
// store, and the stop timeout its drain must keep within.
function workerEnv(pool: PoolConfig): Record<string, string> {
  if (!pool.worker) return {};
  const spec = { ...pool.worker, pool: pool.name, stopTimeoutMs: pool.stopTimeoutMs };
  return { CREW_WORKER_SPEC: JSON.stringify(spec), CREW_STORE: pool.worker.store };
}

export interface ManagedProcessDeps {
  readonly events: EventBus<SupervisorEvents>;
  readonly now: () => number;
  readonly outputTargets?: OutputTargets;
  // Told about every spawn and exit so a later run can clean up after a SIGKILLed crew.
  readonly onSpawn: (name: string, pid: number, stopTimeoutMs: number) => void;
  readonly onReap: (pid: number) => void;
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
  start(): void;
  // Stops it (stopsignal, then SIGKILL after stop_timeout) and resolves once it is down.
  stop(): Promise<void>;
  // Sends a signal to the process (its group when kill_tree) if it is up.
  signal(signal: NodeJS.Signals): boolean;
  // SIGKILLs a stopping process's group now instead of waiting out stop_timeout.
  kill(): void;
  // Stops it as a recycle: the exit is recorded as `recycled` with the reason.
  retire(reason: string): Promise<void>;
  // SIGKILLs a runaway's group now; the exit is recorded as `recycled` and it restarts.
  killRunaway(reason: string): void;
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
  const output = createProcessOutput(name, pool.logs, render, deps.outputTargets);
  let life: Lifecycle = initialLifecycle;
  let child: ChildProcess | null = null;
  let startedAt: number | null = null;
  let forced = false;
  let recycleReason: string | null = null;
  const timers = new Set<NodeJS.Timeout>();
  const exits: ExitRecord[] = [];
  const waiters = new Set<() => void>();

  const later = (ms: number, event: ProcessEvent) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      dispatch(event);
    }, ms);
    timers.add(timer);
  };

  const recordExit = (record: ExitRecord) => {
    exits.push(record);
    if (exits.length > keptExits) exits.shift();
    events.emit('process:exit', { name, pool: pool.name, pid: child?.pid ?? null, record });
  };

  const perform = (action: ProcessAction) => {
    switch (action.type) {
      case 'clear-timers':
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        return;
      case 'retry-after':
        later(action.delayMs, { type: 'retry' });
        return;
      case 'spawn':
        launch(action.startTimerMs);
        return;
      case 'signal':
        if (child?.pid) signalProcess(child.pid, action.signal, pool.killTree);
        later(action.killTimerMs, { type: 'stop-timeout' });
        return;
      case 'kill':
        forced = true;
        if (child?.pid) signalProcess(child.pid, 'SIGKILL', pool.killTree);
        return;
    }
  };

  function dispatch(event: ProcessEvent) {
    const from = life.state;
    const { next, actions } = transition(life, event, pool, now());
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
    for (const action of actions) perform(action);
    for (const wake of [...waiters]) wake();
  }

  function launch(startTimerMs: number) {
    forced = false;
    recycleReason = null;
    const spawnedAt = now();
    const argv = pool.argv;
    let proc: ChildProcess;
    try {
      proc = spawn(argv[0]!, argv.slice(1), {
        cwd: pool.cwd,
        env: {
          ...process.env,
          ...pool.env,
          CREW_PROCESS_NAME: name,
          CREW_POOL: pool.name,
          CREW_PROCESS_NUM: String(num),
          ...workerEnv(pool),
        },
        detached: true,
        // Worker hosts report to the daemon over an IPC channel.
        stdio: pool.worker ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      });
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
    deps.onSpawn(name, pid, pool.stopTimeoutMs);
    events.emit('process:spawn', { name, pool: pool.name, pid });
    const { onMessage } = deps;
    if (pool.worker && onMessage) {
      proc.on('message', (message) => onMessage({ name, pool: pool.name, pid }, message));
    }
    proc.once('exit', (code, signal) => void onExit(proc, pid, spawnedAt, code, signal));
    if (startTimerMs === 0) dispatch({ type: 'started' });
    else later(startTimerMs, { type: 'started' });
  }

  function failSpawn(spawnedAt: number, error: unknown) {
    child = null;
    startedAt = null;
    const endedAt = now();
    recordExit({
      reason: 'spawn-failed',
      exitCode: null,
      signal: null,
      startedAt: spawnedAt,
      endedAt,
      durationMs: endedAt - spawnedAt,
      forced: false,
      expected: false,
      error: error instanceof Error ? error.message : String(error),
    });
    dispatch({ type: 'spawn-failed' });
  }

  async function onExit(
    proc: ChildProcess,
    pid: number,
    spawnedAt: number,
    code: number | null,
    signal: NodeJS.Signals | null,
  ) {
    const stopping = life.state === 'STOPPING';
    if (pool.killTree) {
      // Whatever is left in the group (a wrapper's children) must not outlive the process.
      // While stopping, the armed kill timer SIGKILLs the group at stop_timeout.
      if (stopping) await waitForGroupGone(pid, pool.stopTimeoutMs + 1000);
      else signalProcess(pid, 'SIGKILL', true);
    }
    const record = classifyExit({
      exitCode: code,
      signal,
      startedAt: spawnedAt,
      endedAt: now(),
      stopping,
      forced,
      exitcodes: pool.exitcodes,
      recycleReason,
      recycleExitCodes: pool.recycle.exitCodes,
    });
    recordExit(record);
    if (child === proc) {
      child = null;
      startedAt = null;
    }
    deps.onReap(pid);
    dispatch({ type: 'exited', exitCode: code, signal, recycled: recycleReason !== null });
  }

  const until = (predicate: (state: ProcessState) => boolean) =>
    new Promise<ProcessState>((resolve) => {
      if (predicate(life.state)) return resolve(life.state);
      const check = () => {
        if (!predicate(life.state)) return;
        waiters.delete(check);
        resolve(life.state);
      };
      waiters.add(check);
    });

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
    start: () => dispatch({ type: 'start' }),
    async stop() {
      dispatch({ type: 'stop' });
      await until((state) => state !== 'STOPPING' && state !== 'STARTING' && state !== 'RUNNING');
    },
    signal(sig) {
      if (!child?.pid) return false;
      return signalProcess(child.pid, sig, pool.killTree);
    },
    kill() {
      dispatch({ type: 'stop-timeout' });
    },
    async retire(reason) {
      recycleReason = reason;
      dispatch({ type: 'stop' });
      await until((state) => state !== 'STOPPING' && state !== 'STARTING' && state !== 'RUNNING');
    },
    killRunaway(reason) {
      if (!child?.pid || life.state !== 'RUNNING') return;
      recycleReason = reason;
      forced = true;
      signalProcess(child.pid, 'SIGKILL', pool.killTree);
    },
    until,
  };
}
