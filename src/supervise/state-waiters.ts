// Promises that resolve once a managed process's state satisfies a predicate; the shell calls
// wake() after every dispatched event so each waiter re-checks.
import type { ProcessState } from './process-state.js';

export interface StateWaiters {
  // Resolves when the state satisfies the predicate (at once if it already does).
  until(predicate: (state: ProcessState) => boolean): Promise<ProcessState>;
  // Lets every pending waiter re-check the current state.
  wake(): void;
}

// Creates waiters over `current`, which reads the process's state as it stands.
export function createStateWaiters(current: () => ProcessState): StateWaiters {
  const waiters = new Set<() => void>();
  const until = (predicate: (state: ProcessState) => boolean) =>
    new Promise<ProcessState>((resolve) => {
      if (predicate(current())) return resolve(current());
      const check = () => {
        if (!predicate(current())) return;
        waiters.delete(check);
        resolve(current());
      };
      waiters.add(check);
    });
  return {
    until,
    wake() {
      for (const wake of [...waiters]) wake();
    },
  };
}
