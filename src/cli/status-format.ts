// `crew status` lines in supervisorctl's shape — namespec padded to max(30, longest)+3, state
// padded to 10, description — with a memory column after it: the PSS of the process's tree
// (what it really costs), and with --wide its RSS too.
import { formatBytes } from '../config/units.js';

export interface StatusRow {
  readonly name: string;
  readonly pool: string;
  // The pool's `group:` ([group:x] in supervisord); null or absent: none.
  readonly group?: string | null;
  readonly state: string;
  readonly description: string;
  readonly rss_bytes: number | null;
  readonly pss_bytes: number | null;
}

// supervisorctl's namespec: "group:process" for a pool in a group (supervisord's [group:x]),
// else "pool:process", or just the name when both are the same.
export function namespec(row: Pick<StatusRow, 'name' | 'pool' | 'group'>): string {
  if (row.group) return `${row.group}:${row.name}`;
  return row.pool === row.name ? row.name : `${row.pool}:${row.name}`;
}

// Formats the rows as supervisorctl prints them, plus memory.
export function formatStatus(rows: readonly StatusRow[], wide = false): string[] {
  const specs = rows.map(namespec);
  const width = Math.max(30, ...specs.map((spec) => spec.length)) + 3;
  const descWidth = Math.max(0, ...rows.map((row) => row.description.length));
  return rows.map((row, i) => {
    const head = `${specs[i]!.padEnd(width)}${row.state.padEnd(10)}`;
    if (row.pss_bytes === null || row.rss_bytes === null)
      return `${head}${row.description}`.trimEnd();
    const pss = `PSS ${formatBytes(row.pss_bytes)}`;
    const memory = wide ? `${pss.padEnd(14)}RSS ${formatBytes(row.rss_bytes)}` : pss;
    return `${head}${row.description.padEnd(descWidth)}   ${memory}`;
  });
}
