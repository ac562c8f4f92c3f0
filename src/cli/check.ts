// `crew check`: validates crew.yaml and prints its warnings and a one-screen summary of pools.
// Invalid configs throw CREW_CONFIG_INVALID; the CLI entry prints the mistakes.
import { formatCommand } from '../config/command.js';
import { formatIssue, loadConfigOrThrow } from '../config/load.js';
import type { PoolConfig } from '../config/types.js';
import type { Output } from './output.js';

const COMMAND_WIDTH = 50;

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function commandOf(pool: PoolConfig): string {
  // For `shell: true` the string given to /bin/sh -c is what the author wrote.
  return pool.shell ? pool.argv[2]! : formatCommand(pool.argv);
}

function flagsOf(pool: PoolConfig): string {
  const flags: string[] = [];
  if (pool.critical) flags.push('critical');
  if (pool.group !== null) flags.push(`group=${pool.group}`);
  if (!pool.autostart) flags.push('no-autostart');
  if (pool.shell) flags.push('shell');
  if (pool.logs.kind === 'file') flags.push('log-files');
  return flags.join(' ');
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) =>
    row
      .map((cell, col) =>
        rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!),
      )
      .join('  ')
      .trimEnd(),
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Checks a config file and summarises it; returns the exit code (0: valid).
export async function check(opts: { config: string }, out: Output): Promise<number> {
  const { config, warnings } = loadConfigOrThrow(opts.config);
  for (const warning of warnings) out.err(`warning: ${formatIssue(warning)}`);
  const header = ['POOL', 'PROCS', 'COMMAND', 'AUTORESTART', 'PRIORITY', 'FLAGS'];
  const rows = config.pools.map((pool) => [
    pool.name,
    String(pool.processes),
    shorten(commandOf(pool), COMMAND_WIDTH),
    String(pool.autorestart),
    String(pool.priority),
    flagsOf(pool),
  ]);
  if (rows.length > 0) for (const line of table([header, ...rows], new Set([1, 4]))) out.out(line);
  const processes = config.pools.reduce((sum, pool) => sum + pool.processes, 0);
  out.out(
    `${count(config.pools.length, 'pool', 'pools')}, ${count(processes, 'process', 'processes')}`,
  );
  out.out('config OK');
  return 0;
}
