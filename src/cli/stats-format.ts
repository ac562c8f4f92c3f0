// `crew stats` as text: the container line as `docker stats` prints it, then where the memory
// goes (pools, crew, other) against the budget, and with --processes every process by PSS, as
// `ps aux --sort=-%mem` would list them.
import { formatBytes } from '../config/units.js';
import type { BudgetJson } from '../control/wire/budget-used.js';
import type { StatsPool, StatsReport } from '../control/wire/memory.js';
import { fpmChildRows, fpmSummary } from './fpm-format.js';
import { formatTable } from './table.js';

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

// Bytes as docker stats prints them: four significant digits, no space ("679.5MiB").
export function formatDockerBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

const gap = '   ';
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(2)}%`;

// The middle value (the mean of the two middle ones for an even count).
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function poolRow(pool: StatsPool): string[] {
  const each = pool.processes.map((proc) => proc.pss_bytes);
  const spread =
    each.length === 0
      ? ['-', '-', '-']
      : [Math.min(...each), median(each), Math.max(...each)].map((n) => formatBytes(n));
  return [pool.name, String(pool.processes.length), formatBytes(pool.pss_bytes), ...spread];
}

// "Budget used" as every screen words it (control/wire/budget-used.ts): the figure against the
// budget, OVER and the largest part when over, then its parts.
export function budgetLines(budget: BudgetJson): string[] {
  return [`budget used: ${budget.description}`, `  ${budget.breakdown}`];
}

// The report as lines of text.
export function formatStats(report: StatsReport, withProcesses: boolean): string[] {
  const lines: string[] = [];
  const { container } = report;
  if (container) {
    lines.push(
      ...formatTable(
        [
          ['MEM USAGE / LIMIT', 'MEM %'],
          [
            `${formatDockerBytes(container.usage_bytes)} / ${formatDockerBytes(container.limit_bytes)}`,
            percent(container.usage_bytes, container.limit_bytes),
          ],
        ],
        new Set(),
        gap,
      ),
    );
  } else {
    lines.push('container memory: no memory cgroup can be read here');
  }
  lines.push(...budgetLines(report.budget));
  lines.push('');
  const rows = [['POOL', 'PROCS', 'PSS', 'MIN', 'MEDIAN', 'MAX'], ...report.pools.map(poolRow)];
  rows.push(['crew', '1', formatBytes(report.crew.pss_bytes), '', '', '']);
  if (report.other_bytes !== null)
    rows.push(['other', '', formatBytes(report.other_bytes), '', '', '']);
  lines.push(...formatTable(rows, new Set([1, 2, 3, 4, 5]), gap));
  const fpm = report.fpm ?? [];
  for (const entry of fpm) lines.push(...fpmSummary(entry).map((line) => `${entry.pool}: ${line}`));
  if (!withProcesses) return lines;
  const processes = report.pools
    .flatMap((pool) => pool.processes.map((proc) => ({ ...proc, pool: pool.name })))
    .sort((a, b) => b.pss_bytes - a.pss_bytes);
  lines.push('');
  lines.push(
    ...formatTable(
      [
        ['PROCESS', 'POOL', 'PID', 'PSS', 'RSS', 'USS', 'TREE'],
        ...processes.map((proc) => [
          proc.name,
          proc.pool,
          String(proc.pid),
          formatBytes(proc.pss_bytes),
          formatBytes(proc.rss_bytes),
          formatBytes(proc.uss_bytes),
          String(proc.pids),
        ]),
        // FPM's children: inside their master's tree above, listed one by one.
        ...fpmChildRows(fpm),
      ],
      new Set([2, 3, 4, 5, 6]),
      gap,
    ),
  );
  return lines;
}
