// The lifecycle of one managed process, as supervisord names it, in one pure function.
//
//   STOPPED  --start-->  STARTING (spawn, start timer)
//   STARTING --started (startsecs elapsed)--> RUNNING (retries reset)
//   STARTING --exited / spawn-failed--> BACKOFF (retry timer, growing) | FATAL after startretries
//   BACKOFF  --retry--> STARTING (spawn)
//   RUNNING  --exited--> EXITED; restarted when autorestart says so (always after a recycle:
//                        an exit code in recycle.exitCodes, or crew killing a runaway), never sooner than
//                        backoff after the previous spawn (restart timer), so it can't busy-loop
//   EXITED   --retry--> STARTING (spawn)
//   STARTING|RUNNING --stop--> STOPPING (stopsignal, kill timer)
//   STOPPING --stop-timeout--> STOPPING (SIGKILL to the group)
//   STOPPING --exited--> STOPPED
//   BACKOFF|EXITED --stop--> STOPPED;  EXITED|FATAL|STOPPED|BACKOFF --start--> STARTING
import type { AutoRestart } from '../config/types.js';
import { nextBackoffMs } from './backoff.js';

export type ProcessState =
  | 'STOPPED'
  | 'STARTING'
  | 'RUNNING'
  | 'BACKOFF'
  | 'STOPPING'
  | 'EXITED'
  | 'FATAL';

export type ProcessEvent =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'started' }
  | { readonly type: 'retry' }
  | { readonly type: 'stop-timeout' }
  | { readonly type: 'spawn-failed' }
  | {
      readonly type: 'exited';
      readonly exitCode: number | null;
      readonly signal: string | null;
      // crew ended it to recycle it (a runaway killed at once).
      readonly recycled?: boolean;
    };

export type ProcessAction =
  | { readonly type: 'spawn'; readonly startTimerMs: number }
  | { readonly type: 'retry-after'; readonly delayMs: number }
  | { readonly type: 'signal'; readonly signal: NodeJS.Signals; readonly killTimerMs: number }
  | { readonly type: 'kill' }
  | { readonly type: 'clear-timers' };

export interface ProcessRules {
  readonly autorestart: AutoRestart;
  readonly exitcodes: readonly number[];
  readonly startsecsMs: number;
  readonly startretries: number;
  readonly backoffMs: number;
  readonly stopsignal: NodeJS.Signals;
  readonly stopTimeoutMs: number;
  readonly recycle: { readonly exitCodes: readonly number[] };
}

export interface Lifecycle {
  readonly state: ProcessState;
  // Quick exits in a row; reset once a start is confirmed or an operator starts it.
  readonly retries: number;
  // When the last spawn happened (ms), for the minimum spacing between spawns.
  readonly lastSpawnAt: number | null;
}

export interface Transition {
  readonly next: Lifecycle;
  readonly actions: readonly ProcessAction[];
}

export const initialLifecycle: Lifecycle = { state: 'STOPPED', retries: 0, lastSpawnAt: null };

// True when an exit from RUNNING is a recycle: the worker stopped itself to be replaced
// (Laravel's --memory exits 12) or crew killed it as a runaway.
export function isRecycleExit(
  rules: ProcessRules,
  exitCode: number | null,
  recycled = false,
): boolean {
  return recycled || (exitCode !== null && rules.recycle.exitCodes.includes(exitCode));
}

// True when an exit from RUNNING should be followed by a restart.
export function shouldRestart(
  rules: ProcessRules,
  exitCode: number | null,
  recycled = false,
): boolean {
  if (isRecycleExit(rules, exitCode, recycled)) return true;
  if (rules.autorestart === 'unexpected') {
    return exitCode === null || !rules.exitcodes.includes(exitCode);
  }
  return rules.autorestart;
}

// Decides the next lifecycle and the effects to perform for one event.
export function transition(
  life: Lifecycle,
  event: ProcessEvent,
  rules: ProcessRules,
  now: number,
): Transition {
  const stay: Transition = { next: life, actions: [] };
  const spawn = (retries: number): Transition => ({
    next: { state: 'STARTING', retries, lastSpawnAt: now },
    actions: [{ type: 'clear-timers' }, { type: 'spawn', startTimerMs: rules.startsecsMs }],
  });
  const quickExit = (): Transition => {
    const retries = life.retries + 1;
    if (retries > rules.startretries) {
      return { next: { ...life, state: 'FATAL', retries }, actions: [{ type: 'clear-timers' }] };
    }
    const delayMs = nextBackoffMs(retries, rules.backoffMs);
    return {
      next: { ...life, state: 'BACKOFF', retries },
      actions: [{ type: 'clear-timers' }, { type: 'retry-after', delayMs }],
    };
  };

  switch (event.type) {
    case 'start':
      if (life.state === 'STARTING' || life.state === 'RUNNING' || life.state === 'STOPPING') {
        return stay;
      }
      return spawn(0);
    case 'stop':
      if (life.state === 'STARTING' || life.state === 'RUNNING') {
        return {
          next: { ...life, state: 'STOPPING' },
          actions: [
            { type: 'clear-timers' },
            { type: 'signal', signal: rules.stopsignal, killTimerMs: rules.stopTimeoutMs },
          ],
        };
      }
      if (life.state === 'BACKOFF' || life.state === 'EXITED') {
        return { next: { ...life, state: 'STOPPED' }, actions: [{ type: 'clear-timers' }] };
      }
      return stay;
    case 'started':
      return life.state === 'STARTING'
        ? { next: { ...life, state: 'RUNNING', retries: 0 }, actions: [] }
        : stay;
    case 'retry':
      return life.state === 'BACKOFF' || life.state === 'EXITED' ? spawn(life.retries) : stay;
    case 'stop-timeout':
      return life.state === 'STOPPING' ? { next: life, actions: [{ type: 'kill' }] } : stay;
    case 'spawn-failed':
      return life.state === 'STARTING' ? quickExit() : stay;
    case 'exited':
      if (life.state === 'STOPPING') {
        return { next: { ...life, state: 'STOPPED' }, actions: [{ type: 'clear-timers' }] };
      }
      if (life.state === 'STARTING') return quickExit();
      if (life.state !== 'RUNNING') return stay;
      if (!shouldRestart(rules, event.exitCode, event.recycled)) {
        return { next: { ...life, state: 'EXITED' }, actions: [{ type: 'clear-timers' }] };
      }
      return {
        next: { ...life, state: 'EXITED' },
        actions: [
          { type: 'clear-timers' },
          {
            type: 'retry-after',
            delayMs: restartSpacingMs(life.lastSpawnAt, rules.backoffMs, now),
          },
        ],
      };
  }
}

// How long to wait before respawning a process that ran: nothing if its last spawn was at least
// `backoffMs` ago (capped at 1 s), otherwise the rest of that interval.
function restartSpacingMs(lastSpawnAt: number | null, backoffMs: number, now: number): number {
  const minIntervalMs = Math.min(backoffMs, 1000);
  if (lastSpawnAt === null) return 0;
  return Math.max(0, minIntervalMs - (now - lastSpawnAt));
}
