// A tiny model of a container for the policy's soak tests: crew, a critical pool at its min, a
// batch pool with more backlog than the budget can serve and a pool whose one process leaks,
// ticked once a second through decide(). Scale-ups start processes at their pool's size; a drain
// or a replaced process exits on the next tick; a recycle in place frees the grown process's
// memory at once and starts it again small; a replacement first runs beside the old process for
// a tick. What it counts: ticks over budget and their runs, scale-ups, drains, recycles, and the
// critical pool's fewest running processes.
import { decide } from '../decide.js';
import type { PoolSignals, PoolSpec } from '../spec.js';
import { initialPolicyState, type PolicyState } from '../state.js';
import { MiB, signals, spec } from './builders.js';

interface Proc {
  readonly pool: string;
  readonly name: string;
  readonly pid: number;
  pssBytes: number;
  // The tick it exits on (draining or replaced); null while it serves.
  exitsAt: number | null;
}

export interface SoakFigures {
  readonly overTicks: number;
  // Consecutive ticks over budget, one entry per event.
  readonly runs: readonly number[];
  readonly largestOverBytes: number;
  readonly scaleUps: number;
  readonly drains: number;
  readonly recycles: number;
  readonly fewestCritical: number;
}

const BUDGET = 400 * MiB;
const CREW = 60 * MiB;
const SIZE: Record<string, number> = { critical: 50 * MiB, batch: 45 * MiB, leaky: 30 * MiB };

export const soakSpecs: PoolSpec[] = [
  spec('critical', {
    priority: 10,
    min: 2,
    max: 3,
    critical: true,
    expectMemoryBytes: SIZE.critical!,
  }),
  spec('batch', { priority: 20, min: 1, max: 8, expectMemoryBytes: SIZE.batch! }),
  spec('leaky', { priority: 30, min: 1, max: 1, expectMemoryBytes: SIZE.leaky! }),
];

// Runs `ticks` seconds with the leaky process growing `leakBytes` a second.
export function runLeakModel(ticks: number, leakBytes: number): SoakFigures {
  let pid = 100;
  const procs: Proc[] = [];
  const start = (pool: string, name: string) =>
    procs.push({ pool, name, pid: pid++, pssBytes: SIZE[pool]!, exitsAt: null });
  start('critical', 'critical_00');
  start('critical', 'critical_01');
  start('batch', 'batch_00');
  start('leaky', 'leaky_00');
  let state: PolicyState = initialPolicyState;
  const runs: number[] = [];
  let run = 0;
  let overTicks = 0;
  let largest = 0;
  let scaleUps = 0;
  let drains = 0;
  let recycles = 0;
  let fewestCritical = Number.POSITIVE_INFINITY;
  const t0 = 1_000_000;
  for (let tick = 0; tick < ticks; tick++) {
    const now = t0 + tick * 1000;
    for (let i = procs.length - 1; i >= 0; i--) if (procs[i]!.exitsAt === tick) procs.splice(i, 1);
    for (const proc of procs) if (proc.pool === 'leaky') proc.pssBytes += leakBytes;
    const used = CREW + procs.reduce((sum, proc) => sum + proc.pssBytes, 0);
    if (used > BUDGET) {
      overTicks++;
      run++;
      largest = Math.max(largest, used - BUDGET);
    } else if (run > 0) {
      runs.push(run);
      run = 0;
    }
    const serving = (pool: string) => procs.filter((p) => p.pool === pool && p.exitsAt === null);
    fewestCritical = Math.min(fewestCritical, serving('critical').length);
    const poolSignals = (pool: string, extra: Partial<PoolSignals>): PoolSignals =>
      signals(pool, {
        processes: serving(pool).length,
        processPss: serving(pool).map((p) => ({ name: p.name, pssBytes: p.pssBytes, pid: p.pid })),
        ...extra,
      });
    const busyBatch = { ready: 200, reserved: 2, oldestWaitMs: 9_000, completionsPerSec: 1 };
    const result = decide(
      soakSpecs,
      state,
      [poolSignals('critical', {}), poolSignals('batch', busyBatch), poolSignals('leaky', {})],
      { budgetBytes: BUDGET, usedBytes: used, crewBytes: CREW, otherBytes: 0 },
      now,
    );
    state = result.state;
    for (const decision of result.decisions) {
      const members = serving(decision.pool).sort((a, b) => a.name.localeCompare(b.name));
      if (decision.to > decision.from) {
        scaleUps++;
        for (let n = decision.from; n < decision.to; n++)
          start(decision.pool, `${decision.pool}_${String(n).padStart(2, '0')}`);
      } else {
        drains++;
        for (const proc of members.slice(decision.to)) proc.exitsAt = tick + 1;
      }
    }
    for (const recycle of result.recycles) {
      const proc = procs.find(
        (p) =>
          p.exitsAt === null &&
          (recycle.pid === undefined ? p.name === recycle.process : p.pid === recycle.pid),
      );
      if (!proc) continue;
      recycles++;
      if (recycle.kind === 'restart') {
        proc.pssBytes = SIZE[proc.pool]!;
      } else {
        proc.exitsAt = tick + 2;
        start(proc.pool, proc.name);
      }
    }
  }
  if (run > 0) runs.push(run);
  return {
    overTicks,
    runs,
    largestOverBytes: largest,
    scaleUps,
    drains,
    recycles,
    fewestCritical,
  };
}
