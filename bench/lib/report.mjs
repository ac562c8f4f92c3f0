// Summarises samples and reports a benchmark: a table on stdout, JSON in bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release } from 'node:os';
import { join } from 'node:path';

const resultsDir = new URL('../results/', import.meta.url).pathname;

// The median of a list of numbers (the mean of the middle two for an even count).
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The machine a run happened on; `extra` adds versions of the peers measured.
export function describeMachine(extra = {}) {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    kernel: release(),
    node: process.version,
    ...extra,
  };
}

function pad(cells, widths) {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])));
}

// Prints rows of {metric, unit, a, b} as "metric | A | B | ratio (A/B)".
export function printTable(rows, [nameA, nameB]) {
  const header = ['metric', nameA, nameB, `ratio (${nameA}/${nameB})`];
  const digits = (v) => (Math.abs(v) >= 100 ? 0 : 1);
  const body = rows.map((row) => [
    `${row.metric} (${row.unit})`,
    row.a.toFixed(digits(row.a)),
    row.b.toFixed(digits(row.b)),
    `${(row.a / row.b).toFixed(2)}×`,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const lines = [header, ...body].map((cells) => `| ${pad(cells, widths).join(' | ')} |`);
  const rule = widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`));
  lines.splice(1, 0, `|${rule.join('|')}|`);
  console.log(lines.join('\n'));
}

// Writes the result object to bench/results/NAME.json; returns the path.
export function writeResult(name, result) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
