// Signal names as people write them (TERM, SIGTERM, usr2...), checked against Node's list.
import { constants } from 'node:os';

// Turns "usr2", " SIGUSR2" or "sigusr2" into "SIGUSR2".
export function normaliseSignal(name: string): NodeJS.Signals {
  const upper = name.trim().toUpperCase();
  return (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
}

// True when the name is a signal this platform knows.
export function isSignalName(name: string): boolean {
  return Object.hasOwn(constants.signals, normaliseSignal(name));
}
