// Performs the actions the pure `transition` returns: arms and clears the timers that feed
// events back in, spawns, and signals the running child (its group when kill_tree).
import type { ProcessAction, ProcessEvent } from './process-state.js';
import { signalProcess } from './signals.js';

export interface ActionTarget {
  // Feeds an event back into the lifecycle (when a timer fires).
  readonly dispatch: (event: ProcessEvent) => void;
  // Spawns the child, arming the start timer.
  readonly launch: (startTimerMs: number) => void;
  // The running child's pid, if any.
  readonly pid: () => number | undefined;
  readonly killTree: () => boolean;
  // Whether signals other than SIGKILL go to the whole group (see signalsGroup in signals.ts).
  readonly signalTree: () => boolean;
}

export interface ActionPerformer {
  perform(action: ProcessAction): void;
  // Dispatches `event` after `ms` unless the timers are cleared first.
  later(ms: number, event: ProcessEvent): void;
}

// Creates the performer for one managed process; it owns that process's timers.
export function createActionPerformer(target: ActionTarget): ActionPerformer {
  const timers = new Set<NodeJS.Timeout>();

  const later = (ms: number, event: ProcessEvent) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      target.dispatch(event);
    }, ms);
    timers.add(timer);
  };

  const perform = (action: ProcessAction) => {
    const pid = target.pid();
    switch (action.type) {
      case 'clear-timers':
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        return;
      case 'retry-after':
        later(action.delayMs, { type: 'retry' });
        return;
      case 'spawn':
        target.launch(action.startTimerMs);
        return;
      case 'signal':
        if (pid) signalProcess(pid, action.signal, target.signalTree());
        later(action.killTimerMs, { type: 'stop-timeout' });
        return;
      case 'kill':
        if (pid) signalProcess(pid, 'SIGKILL', target.killTree());
        return;
    }
  };

  return { perform, later };
}
