// `crew plan` as a table: each pool before and after, with the memory and waits the simulation
// of the trace gives for each, and what the change saves.

import { describeProcesses } from '../config/autoscale.js';
import type { PoolConfig } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import { rangeText } from '../plan/apply.js';
import type { Recommendation } from '../plan/recommend.js';
import type { SimulationResult } from '../scale/simulate/result.js';
import { formatTable } from './table.js';

const sec = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));

// The worst p95 wait and the jobs over target of the queues a pool serves.
function waitsOf(result: SimulationResult, pool: string) {
  const queues = result.queues.filter((q) => q.pools.includes(pool));
  const started = queues.filter((q) => q.wait !== null);
  return {
    p95Ms: started.length === 0 ? null : Math.max(...started.map((q) => q.wait!.p95Ms)),
    over: queues.reduce((sum, q) => sum + q.overTarget, 0),
  };
}

export interface PlanReport {
  readonly pools: readonly PoolConfig[];
  readonly plan: readonly Recommendation[];
  readonly before: SimulationResult;
  readonly after: SimulationResult;
}

// The table and the notes under it.
export function formatPlan(report: PlanReport): string[] {
  const { before, after } = report;
  const header = [
    'POOL',
    'BEFORE',
    'AFTER',
    'PROCS avg',
    'MiB avg',
    'SAVED MiB',
    'WAIT p95 s',
    'OVER TARGET',
  ];
  const rows = report.pools.map((pool) => {
    const rec = report.plan.find((r) => r.pool === pool.name)!;
    const b = before.pools.find((p) => p.pool === pool.name)!;
    const a = after.pools.find((p) => p.pool === pool.name)!;
    const wb = waitsOf(before, pool.name);
    const wa = waitsOf(after, pool.name);
    return [
      pool.name,
      describeProcesses(pool),
      rangeText(rec),
      `${b.averageProcesses.toFixed(1)} → ${a.averageProcesses.toFixed(1)}`,
      `${formatBytes(b.averageMemoryBytes, 'MiB')} → ${formatBytes(a.averageMemoryBytes, 'MiB')}`,
      formatBytes(b.averageMemoryBytes - a.averageMemoryBytes, 'MiB'),
      `${sec(wb.p95Ms)} → ${sec(wa.p95Ms)}`,
      `${wb.over} → ${wa.over}`,
    ];
  });
  const total = [
    'container',
    '',
    '',
    '',
    `${formatBytes(before.memory.averageBytes, 'MiB')} → ${formatBytes(after.memory.averageBytes, 'MiB')}`,
    formatBytes(before.memory.averageBytes - after.memory.averageBytes, 'MiB'),
    '',
    `${before.queues.reduce((s, q) => s + q.overTarget, 0)} → ${after.queues.reduce((s, q) => s + q.overTarget, 0)}`,
  ];
  const lines = formatTable([header, ...rows, total], new Set([1, 2, 3, 4, 5, 6, 7]));
  lines.push(
    `peak memory: ${formatBytes(before.memory.peakBytes, 'MiB')} → ${formatBytes(after.memory.peakBytes, 'MiB')} MiB` +
      (after.memory.budgetBytes === null
        ? ''
        : ` (budget ${formatBytes(after.memory.budgetBytes, 'MiB')} MiB)`),
  );
  for (const rec of report.plan) {
    if (rec.neverRuns) lines.push(`${rec.pool}: never runs: no room for one process`);
    else if (rec.note) lines.push(`${rec.pool}: ${rec.note}`);
  }
  return lines;
}
