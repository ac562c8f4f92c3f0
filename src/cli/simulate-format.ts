// `crew simulate` as text, the configs side by side, and as JSON.
import { formatBytes } from '../config/units.js';
import type { SimulationResult } from '../scale/simulate/result.js';
import { formatTable } from './table.js';

const sec = (ms: number) => (ms / 1000).toFixed(1);
const mib = (bytes: number) => `${formatBytes(bytes, 'MiB')} MiB`;
const duration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${(s / 3600).toFixed(1)} h`;
};

type Row = readonly [string, string, (r: SimulationResult) => string];

function queueRows(queue: string, target: number | null): Row[] {
  const of = (r: SimulationResult) => r.queues.find((q) => q.queue === queue)!;
  const rows: Row[] = [
    [
      queue,
      'wait p50/p95/max',
      (r) => {
        const w = of(r).wait;
        return w === null ? '-' : `${sec(w.p50Ms)}/${sec(w.p95Ms)}/${sec(w.maxMs)} s`;
      },
    ],
  ];
  if (target !== null) {
    rows.push([
      '',
      `over ${sec(target)} s`,
      (r) => {
        const q = of(r);
        const started = q.done + q.left;
        return started === 0
          ? '-'
          : `${q.overTarget} (${((100 * q.overTarget) / q.arrived).toFixed(1)} %)`;
      },
    ]);
  }
  rows.push([
    '',
    'jobs done',
    (r) => `${of(r).done}${of(r).left > 0 ? ` (${of(r).left} left)` : ''}`,
  ]);
  return rows;
}

// The results side by side: one column per config.
export function formatSimulation(results: readonly SimulationResult[]): string[] {
  const first = results[0]!;
  const rows: Row[] = first.queues.flatMap((q) => queueRows(q.queue, q.targetWaitMs));
  const pools = [...new Set(results.flatMap((r) => r.pools.map((p) => p.pool)))];
  for (const [i, pool] of pools.entries()) {
    rows.push([
      i === 0 ? 'processes' : '',
      `${pool} avg/peak`,
      (r) => {
        const p = r.pools.find((x) => x.pool === pool);
        return p ? `${p.averageProcesses.toFixed(1)}/${p.peakProcesses}` : '-';
      },
    ]);
  }
  rows.push(
    ['memory', 'peak', (r) => mib(r.memory.peakBytes)],
    ['', 'average', (r) => mib(r.memory.averageBytes)],
    [
      '',
      'over budget',
      (r) => (r.memory.budgetBytes === null ? '-' : duration(r.memory.overBudgetMs)),
    ],
    ['decisions', '', (r) => String(r.decisions)],
  );
  const header = ['', '', ...results.map((r) => r.label)];
  return formatTable([header, ...rows.map(([a, b, cell]) => [a, b, ...results.map(cell)])]);
}

// The results as JSON (snake_case, as crew's other JSON).
export function simulationJson(trace: string, results: readonly SimulationResult[]): unknown {
  return {
    trace,
    configs: results.map((r) => ({
      label: r.label,
      duration_ms: r.durationMs,
      queues: r.queues.map((q) => ({
        queue: q.queue,
        pools: q.pools,
        arrived: q.arrived,
        done: q.done,
        left: q.left,
        target_wait_ms: q.targetWaitMs,
        over_target: q.overTarget,
        wait_ms: q.wait && { p50: q.wait.p50Ms, p95: q.wait.p95Ms, max: q.wait.maxMs },
      })),
      pools: r.pools.map((p) => ({
        pool: p.pool,
        average_processes: p.averageProcesses,
        peak_processes: p.peakProcesses,
        average_memory_bytes: p.averageMemoryBytes,
      })),
      memory: {
        peak_bytes: r.memory.peakBytes,
        average_bytes: r.memory.averageBytes,
        budget_bytes: r.memory.budgetBytes,
        over_budget_ms: r.memory.overBudgetMs,
      },
      decisions: r.decisions,
      ...(r.decisionLog.length > 0 ? { decision_log: r.decisionLog } : {}),
    })),
  };
}
