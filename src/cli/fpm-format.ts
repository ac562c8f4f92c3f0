// PHP-FPM in `crew status` and `crew stats`: one line per FPM [pool] in FPM's status-page words
// (`active 3/10, idle 2, queue 0, max children reached 4`), and its children as processes.

import { formatBytes } from '../config/units.js';
import type { FpmPoolJson } from '../control/wire/fpm.js';

const mib = (bytes: number | null) => (bytes === null ? '?' : formatBytes(bytes));

// `php-fpm [www] dynamic: active 3/10, idle 2, queue 0, max children reached 4, slow 0`, then
// the budget's view (`child p95 38.2 MiB, worst case 10 × 38.2 MiB + master = 400 MiB`), or
// why the page is not read.
export function fpmSummary(entry: FpmPoolJson): string[] {
  const head = `php-fpm [${entry.fpm_pool}] ${entry.pm}`;
  const lines: string[] = [];
  const s = entry.status;
  if (s !== null) {
    const slow = s.slow_requests === null ? '' : `, slow ${s.slow_requests}`;
    lines.push(
      `${head}: active ${s.active}/${entry.max_children}, idle ${s.idle}, queue ${s.listen_queue}, max children reached ${s.max_children_reached}${slow}`,
    );
  } else lines.push(`${head}: max_children ${entry.max_children}`);
  if (entry.problem !== null) lines.push(`  status page: ${entry.problem}`);
  if (entry.worst_case_bytes !== null)
    lines.push(
      `  child p95 ${mib(entry.child_p95_bytes)}; at pm.max_children ${entry.max_children}: ${mib(entry.worst_case_bytes)} with the master (${entry.max_children_at})`,
    );
  return lines;
}

// `crew status`: each fpm: pool's lines right after the last row of its pool, indented.
export function withFpmLines(
  rows: readonly string[],
  poolOfRow: readonly string[],
  fpm: readonly FpmPoolJson[],
): string[] {
  const lines = [...rows];
  for (const pool of [...new Set(fpm.map((entry) => entry.pool))]) {
    const at = poolOfRow.lastIndexOf(pool);
    const block = fpm
      .filter((entry) => entry.pool === pool)
      .flatMap((entry) => [
        ...fpmSummary(entry),
        ...entry.children.map(
          (c) =>
            `  child ${String(c.pid).padEnd(8)}${c.state.padEnd(16)}${String(c.requests).padStart(7)} requests   PSS ${mib(c.pss_bytes)}`,
        ),
      ])
      .map((line) => `    ${line}`);
    // Rows shift as blocks go in: count those inserted before this pool's row.
    const index = at === -1 ? lines.length : lines.indexOf(rows[at]!) + 1;
    lines.splice(index, 0, ...block);
  }
  return lines;
}

// `crew stats --processes`: FPM's children as processes of their pool.
export function fpmChildRows(fpm: readonly FpmPoolJson[]): string[][] {
  return fpm.flatMap((entry) =>
    entry.children.map((c) => [
      `php-fpm [${entry.fpm_pool}] ${c.state.toLowerCase()}`,
      entry.pool,
      String(c.pid),
      mib(c.pss_bytes),
      '',
      '',
      '',
    ]),
  );
}
