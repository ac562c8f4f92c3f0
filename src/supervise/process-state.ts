// The lifecycle of one managed process, as supervisord names it plus DRAINING, in one pure function.
//
//   STOPPED  --start-->  STARTING (spawn, start timer)
//   STARTING --started (startsecs elapsed)--> RUNNING (retries reset)
//   STARTING --exited / spawn-failed--> BACKOFF (retry timer, growing) | FATAL after startretries
//   BACKOFF  --retry--> STARTING (spawn)
//   RUNNING  --exited--> EXITED; restarted when autorestart says so (always after a recycle:
//                        an exit code in recycle.exitCodes, or crew killing it), never sooner than
//                        backoff after the previous spawn (restart timer), so it can't busy-loop
//   EXITED   --retry--> STARTING (spawn)
//   STARTING|RUNNING --stop--> STOPPING (stopsignal, kill timer)
//   STOPPING|DRAINING --stop-timeout--> same state (SIGKILL to the group)
//   STOPPING|DRAINING --exited--> STOPPED
//   BACKOFF|EXITED --stop--> STOPPED;  EXITED|FATAL|STOPPED|BACKOFF --start--> STARTING
// crew retiring a process keeps why in `retiring`, from its decision to the next spawn:
//   RUNNING  --replace(reason)--> RUNNING, retiring: a replacement is starting; an exit meanwhile
//                        is not restarted. --keep--> retiring cleared (the replacement failed)
//   STARTING|RUNNING --drain(kind, reason)--> DRAINING (stopsignal, kill timer): a recycle after
//                        the replacement came up, or a scale-down; BACKOFF|EXITED --drain--> STOPPED
//   RUNNING|DRAINING --kill(reason)--> same state (SIGKILL the group now): the exit is a recycle
//                        and, unless it was leaving anyway, it restarts
import type { PoolConfig } from '../config/types.js';
import { nextBackoffMs } from './backoff.js';

export type ProcessState =
  | 'STOPPED'
  | 'STARTING'
  | 'RUNNING'
  | 'BACKOFF'
  | 'STOPPING'
  | 'DRAINING'
  | 'EXITED'
  | 'FATAL';

// Why crew is ending a run. replace: its replacement comes first, then it drains; scale-down: it
// drains and nothing takes its place; kill: SIGKILLed at once and restarted.
export interface Retirement {
  readonly kind: 'replace' | 'scale-down' | 'kill';
  readonly reason: string;
}

export type ProcessEvent =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'started' }
  | { readonly type: 'retry' }
  | { readonly type: 'stop-timeout' }
  | { readonly type: 'spawn-failed' }
  | { readonly type: 'exited'; readonly exitCode: number | null; readonly signal: string | null }
  | { readonly type: 'replace'; readonly reason: string }
  | { readonly type: 'keep' }
  | { readonly type: 'drain'; readonly kind: 'replace' | 'scale-down'; readonly reason: string }
  | { readonly type: 'kill'; readonly reason: string };

export type ProcessAction =
  | { readonly type: 'spawn'; readonly startTimerMs: number }
  | { readonly type: 'retry-after'; readonly delayMs: number }
  | { readonly type: 'signal'; readonly signal: NodeJS.Signals; readonly killTimerMs: number }
  | { readonly type: 'kill' }
  | { readonly type: 'clear-timers' };

// The pool settings the transition reads.
export type ProcessRules = Pick<
  PoolConfig,
  | 'autorestart'
  | 'exitcodes'
  | 'startsecsMs'
  | 'startretries'
  | 'backoffMs'
  | 'stopsignal'
  | 'stopTimeoutMs'
> & { readonly recycle: Pick<PoolConfig['recycle'], 'exitCodes'> };

export interface Lifecycle {
  readonly state: ProcessState;
  // Quick exits in a row; reset once a start is confirmed or an operator starts it.
  readonly retries: number;
  // When the last spawn happened (ms), for the minimum spacing between spawns.
  readonly lastSpawnAt: number | null;
  // Set while crew is ending this run (see Retirement); cleared at the next spawn.
  readonly retiring: Retirement | null;
  // crew SIGKILLed this run (its stop timed out, or it was killed as a recycle).
  readonly forced: boolean;
}

export interface Transition {
  readonly next: Lifecycle;
  readonly actions: readonly ProcessAction[];
}

export const initialLifecycle: Lifecycle = {
  state: 'STOPPED',
  retries: 0,
  lastSpawnAt: null,
  retiring: null,
  forced: false,
};

// True while a process of this state may be up: started, running, stopping or draining.
export function isUp(state: ProcessState): boolean {
  return (
    state === 'STARTING' || state === 'RUNNING' || state === 'STOPPING' || state === 'DRAINING'
  );
}

// True while the process is leaving its pool: being replaced, draining, or drained.
export function isRetiring(life: Lifecycle): boolean {
  return life.state === 'DRAINING' || (life.retiring !== null && life.retiring.kind !== 'kill');
}

// True when an exit from RUNNING should be followed by a restart: always after a recycle (an
// exit code in recycle.exitCodes, or crew killing it), else as autorestart says.
export function shouldRestart(
  rules: ProcessRules,
  exitCode: number | null,
  killed = false,
): boolean {
  if (killed || (exitCode !== null && rules.recycle.exitCodes.includes(exitCode))) return true;
  if (rules.autorestart === 'unexpected') {
    return exitCode === null || !rules.exitcodes.includes(exitCode);
  }
  return rules.autorestart;
}

const clear: ProcessAction = { type: 'clear-timers' };

// Decides the next lifecycle and the effects to perform for one event.
export function transition(
  life: Lifecycle,
  event: ProcessEvent,
  rules: ProcessRules,
  now: number,
): Transition {
  const { state } = life;
  const stay: Transition = { next: life, actions: [] };
  const up = state === 'STARTING' || state === 'RUNNING';
  const ending = state === 'STOPPING' || state === 'DRAINING';
  const to = (next: Partial<Lifecycle>, ...actions: ProcessAction[]): Transition => ({
    next: { ...life, ...next },
    actions,
  });
  const spawn = (retries: number) =>
    to({ state: 'STARTING', retries, lastSpawnAt: now, retiring: null, forced: false }, clear, {
      type: 'spawn',
      startTimerMs: rules.startsecsMs,
    });
  const stopSignal: ProcessAction = {
    type: 'signal',
    signal: rules.stopsignal,
    killTimerMs: rules.stopTimeoutMs,
  };
  const quickExit = (): Transition => {
    const retries = life.retries + 1;
    if (retries > rules.startretries) return to({ state: 'FATAL', retries }, clear);
    const delayMs = nextBackoffMs(retries, rules.backoffMs);
    return to({ state: 'BACKOFF', retries }, clear, { type: 'retry-after', delayMs });
  };

  switch (event.type) {
    case 'start':
      return up || ending ? stay : spawn(0);
    case 'stop':
      if (up) return to({ state: 'STOPPING' }, clear, stopSignal);
      if (state === 'BACKOFF' || state === 'EXITED') return to({ state: 'STOPPED' }, clear);
      return stay;
    case 'started':
      return state === 'STARTING' ? to({ state: 'RUNNING', retries: 0 }) : stay;
    case 'retry':
      return state === 'BACKOFF' || state === 'EXITED' ? spawn(life.retries) : stay;
    case 'stop-timeout':
      return ending ? to({ forced: true }, { type: 'kill' }) : stay;
    case 'spawn-failed':
      return state === 'STARTING' ? quickExit() : stay;
    case 'replace':
      return state === 'RUNNING' && life.retiring === null
        ? to({ retiring: { kind: 'replace', reason: event.reason } })
        : stay;
    case 'keep':
      return life.retiring?.kind === 'replace' && state !== 'DRAINING'
        ? to({ retiring: null })
        : stay;
    case 'drain': {
      const retiring: Retirement = { kind: event.kind, reason: event.reason };
      if (up) return to({ state: 'DRAINING', retiring }, clear, stopSignal);
      if (state === 'BACKOFF' || state === 'EXITED')
        return to({ state: 'STOPPED', retiring }, clear);
      return state === 'DRAINING' ? stay : to({ retiring });
    }
    case 'kill': {
      if (state !== 'RUNNING' && state !== 'DRAINING') return stay;
      const kind = life.retiring?.kind ?? 'kill';
      return to({ retiring: { kind, reason: event.reason }, forced: true }, { type: 'kill' });
    }
    case 'exited':
      if (ending) return to({ state: 'STOPPED' }, clear);
      if (state === 'STARTING') return quickExit();
      if (state !== 'RUNNING') return stay;
      // Its replacement is on the way: restarting it would run two of the same name.
      if (life.retiring?.kind === 'replace') return to({ state: 'EXITED' }, clear);
      if (!shouldRestart(rules, event.exitCode, life.retiring?.kind === 'kill')) {
        return to({ state: 'EXITED' }, clear);
      }
      return to({ state: 'EXITED' }, clear, {
        type: 'retry-after',
        delayMs: restartSpacingMs(life.lastSpawnAt, rules.backoffMs, now),
      });
  }
}

// How long to wait before respawning a process that ran: nothing if its last spawn was at least
// `backoffMs` ago (capped at 1 s), otherwise the rest of that interval.
function restartSpacingMs(lastSpawnAt: number | null, backoffMs: number, now: number): number {
  const minIntervalMs = Math.min(backoffMs, 1000);
  if (lastSpawnAt === null) return 0;
  return Math.max(0, minIntervalMs - (now - lastSpawnAt));
}
