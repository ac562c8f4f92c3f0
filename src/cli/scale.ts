// `crew scale POOL=N ...`: changes a pool's process count at runtime, siblings untouched. An
// autoscaled pool stays pinned at N until `crew scale POOL=auto` hands it back to the policy.
// A count above the pool's autoscale max, or one whose added processes the budget left cannot
// hold, needs --force; the refusal says what it would cost.
import { formatBytes } from '../config/units.js';
import { callDaemon } from '../control/client.js';
import type { Overview } from '../control/wire/overview.js';
import { CrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { resolveSocketPath, type SocketOptions } from './socket-path.js';
import { median } from './stats-format.js';

// Parses "payments=3" or "payments=auto" into its parts.
export function parseScaleArg(arg: string): { pool: string; count: number | 'auto' } {
  const match = /^([^=\s]+)=(\d+|auto)$/.exec(arg);
  if (!match) {
    throw new CrewError('CREW_USAGE', `cannot read "${arg}"`, [
      'write POOL=N, e.g. crew scale payments=3, or POOL=auto to let the autoscaler decide',
    ]);
  }
  return { pool: match[1]!, count: match[2] === 'auto' ? 'auto' : Number(match[2]) };
}

// What a scale would cost, from the daemon's overview and the config.
export interface ScaleCost {
  readonly pool: string;
  readonly count: number;
  readonly current: number;
  // The pool's autoscale max; null for a fixed pool.
  readonly max: number | null;
  // Per-process memory: the pool's measured median PSS, else its expect_memory; null: unknown.
  readonly perProcess: {
    readonly bytes: number;
    readonly source: 'measured' | 'expect_memory';
  } | null;
  readonly budgetBytes: number | null;
  readonly usedBytes: number | null;
}

// Why the scale needs --force, or null when it does not (pure).
export function scaleRefusal(cost: ScaleCost): CrewError | null {
  const added = cost.count - cost.current;
  if (added <= 0) return null;
  const overMax = cost.max !== null && cost.count > cost.max;
  const each = cost.perProcess?.bytes ?? null;
  const left =
    cost.budgetBytes === null || cost.usedBytes === null
      ? null
      : Math.max(0, cost.budgetBytes - cost.usedBytes);
  const overBudget = each !== null && left !== null && added * each > left;
  if (!overMax && !overBudget) return null;
  const why = [
    ...(overMax ? [`above the pool's autoscale max of ${cost.max}`] : []),
    ...(overBudget ? ['more than the budget holds'] : []),
  ].join(' and ');
  const price =
    each === null
      ? `${added} more ${added === 1 ? 'process' : 'processes'}, memory per process unknown (none measured, no expect_memory)`
      : `${added} more × ${formatBytes(each)} (${cost.perProcess!.source}) = ${formatBytes(added * each)}`;
  const budget =
    cost.budgetBytes === null
      ? 'no budget set'
      : left === null
        ? `a budget of ${formatBytes(cost.budgetBytes)}`
        : `${formatBytes(left)} of the ${formatBytes(cost.budgetBytes)} budget left`;
  return new CrewError(
    'CREW_USAGE',
    `${cost.pool}=${cost.count} is ${why}: ${price}, with ${budget}`,
    [`add --force to scale ${cost.pool} from ${cost.current} to ${cost.count} anyway`],
  );
}

async function costOf(
  overview: Overview,
  options: SocketOptions,
  pool: string,
  count: number,
): Promise<ScaleCost> {
  const info = overview.pools.find((p) => p.name === pool);
  const measured = overview.processes
    .filter((proc) => proc.pool === pool && proc.pss_bytes !== null)
    .map((proc) => proc.pss_bytes!);
  // The daemon reports every pool's range (a fixed pool's min = max); the config tells which
  // are autoscaled, and their expect_memory.
  const scaling = overview.scaling.find((s) => s.pool === pool);
  let max = scaling && scaling.min < scaling.max ? scaling.max : null;
  let perProcess: ScaleCost['perProcess'] =
    measured.length > 0 ? { bytes: median(measured), source: 'measured' } : null;
  try {
    const { loadConfigOrThrow } = await import('../config/load.js');
    const declared = loadConfigOrThrow(options.config, process.env).config.pools.find(
      (p) => p.name === pool,
    );
    if (declared) max = declared.autoscale?.max ?? null;
    const expected = declared?.expectMemoryBytes ?? null;
    if (perProcess === null && expected !== null)
      perProcess = { bytes: expected, source: 'expect_memory' };
  } catch {
    // No config here: the daemon's figures are all there is.
  }
  return {
    pool,
    count,
    current: info?.target ?? 0,
    max,
    perProcess,
    budgetBytes: overview.budget_bytes,
    usedBytes: overview.budget?.used_bytes ?? null,
  };
}

// Applies each POOL=N in turn and prints "payments: 2→3" (and whether it is now pinned).
export async function scale(
  args: readonly string[],
  options: SocketOptions & { force?: boolean },
  output: Output,
): Promise<number> {
  const targets = args.map(parseScaleArg);
  const socket = await resolveSocketPath(options);
  if (!options.force && targets.some((t) => t.count !== 'auto')) {
    const overview = await callDaemon(socket, 'overview');
    for (const { pool, count } of targets) {
      if (count === 'auto') continue;
      const refusal = scaleRefusal(await costOf(overview, options, pool, count));
      if (refusal) throw refusal;
    }
  }
  for (const { pool, count } of targets) {
    const result = await callDaemon(socket, 'scale', { pool, count });
    if (count === 'auto') output.out(`${pool}: autoscaled (${result.from} now)`);
    else if (result.pinned)
      output.out(`${pool}: ${result.from}→${result.to} (pinned; ${pool}=auto to unpin)`);
    else output.out(`${pool}: ${result.from}→${result.to}`);
  }
  return 0;
}
