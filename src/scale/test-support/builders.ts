// Pool specs and signals with quiet defaults, for the policy's table tests.
import { defaultScaleSettings, type PoolSignals, type PoolSpec } from '../spec.js';

export const MiB = 1024 * 1024;

// A pool of 1..4 processes, priority 10, target 5 s, 45 MiB each; overrides win.
export function spec(name: string, overrides: Partial<PoolSpec> = {}): PoolSpec {
  return {
    name,
    min: 1,
    max: 4,
    priority: 10,
    targetWaitMs: 5_000,
    concurrency: 1,
    expectMemoryBytes: 45 * MiB,
    stopTimeoutMs: 10_000,
    settings: defaultScaleSettings,
    ...overrides,
  };
}

// An idle pool of `processes` processes; overrides win.
export function signals(pool: string, overrides: Partial<PoolSignals> = {}): PoolSignals {
  return {
    pool,
    processes: 1,
    ready: 0,
    delayed: 0,
    delayedDue: 0,
    reserved: 0,
    oldestWaitMs: null,
    arrivalsPerSec: 0,
    completionsPerSec: 0,
    busyFraction: null,
    pssSamplesBytes: [],
    processPss: [],
    ...overrides,
  };
}
