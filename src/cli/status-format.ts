// `crew status` lines in supervisorctl's shape — namespec padded to max(30, longest)+3, state
// padded to 10, description — with a memory column after it.
import { formatBytes } from '../config/units.js';

export interface StatusRow {
  readonly name: string;
  readonly pool: string;
  readonly state: string;
  readonly description: string;
  readonly rss_bytes: number | null;
}

// supervisorctl's namespec: "pool:process", or just the name when both are the same.
export function namespec(row: Pick<StatusRow, 'name' | 'pool'>): string {
  return row.pool === row.name ? row.name : `${row.pool}:${row.name}`;
}

// Formats the rows as supervisorctl prints them, plus RSS.
export function formatStatus(rows: readonly StatusRow[]): string[] {
  const specs = rows.map(namespec);
  const width = Math.max(30, ...specs.map((spec) => spec.length)) + 3;
  const descWidth = Math.max(0, ...rows.map((row) => row.description.length));
  return rows.map((row, i) => {
    const head = `${specs[i]!.padEnd(width)}${row.state.padEnd(10)}`;
    if (row.rss_bytes === null) return `${head}${row.description}`.trimEnd();
    return `${head}${row.description.padEnd(descWidth)}   RSS ${formatBytes(row.rss_bytes)}`;
  });
}
