// `crew check`: validates crew.yaml and prints its warnings and a one-screen summary of pools
// and of the memory budget, resolved against this container's limit. Beyond what loading checks,
// it warns (file:line of the field) about autoscaled pools nothing drives, commands whose program
// is not here, handlers: modules that do not load, and a budget compared with a cgroup that holds
// far more than crew's processes. Invalid configs throw CREW_CONFIG_INVALID; the CLI entry prints
// the mistakes.
import { relative } from 'node:path';
import { describeProcesses } from '../config/autoscale.js';
import { checkBudgetFit, describeBudget } from '../config/budget.js';
import { type CgroupView, cgroupBudgetIssues } from '../config/cgroup-check.js';
import { formatCommand } from '../config/command.js';
import { fpmBudgetIssues } from '../config/fpm-budget.js';
import type { PathIssue } from '../config/issues.js';
import { formatIssue, loadConfigOrThrow } from '../config/load.js';
import { placeIssues } from '../config/place-issues.js';
import { autoscaleDriverIssues, commandIssues } from '../config/pool-checks.js';
import type { CrewConfig, PoolConfig } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import type { StatsReport } from '../control/wire/memory.js';
import { type ContainerMemory, readContainerMemory } from '../memory/cgroup.js';
import type { Output } from './output.js';
import { formatTable } from './table.js';

export interface CheckDeps {
  // Per-process PSS (median) by pool, from a running daemon, for pools without expect_memory.
  readonly measuredMemory?: (config: CrewConfig) => Promise<ReadonlyMap<string, number>>;
  // This container's memory, or null when no memory cgroup is readable.
  readonly readContainerMemory: () => ContainerMemory | null;
  // What the cgroup holds, as the budget would count it; absent or null: not checked.
  readonly readCgroup?: (config: CrewConfig) => Promise<CgroupView | null>;
  // The handlers: modules that do not load (default: each loaded in a child process).
  readonly checkHandlers?: (pools: readonly PoolConfig[]) => Promise<PathIssue[]>;
  // The environment crew runs its commands with (PATH); default this process's.
  readonly env?: NodeJS.ProcessEnv;
}

const COMMAND_WIDTH = 50;

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function commandOf(pool: PoolConfig): string {
  if (pool.worker) {
    const { handlers, queues, concurrency } = pool.worker;
    return `handlers ${relative(pool.cwd, handlers) || handlers} × ${concurrency} (${queues.join(', ')})`;
  }
  if (pool.fpm) {
    const pools = pool.fpm.pools.map((p) => `${p.name} ${p.pm} ≤${p.maxChildren}`).join(', ');
    return `php-fpm ${relative(pool.cwd, pool.fpm.config) || pool.fpm.config} [${pools}]`;
  }
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

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface ContainerLimit {
  readonly bytes: number | null;
  // Why there is no limit to resolve a percentage or auto budget against.
  readonly missing: string | null;
}

function readLimit(deps: CheckDeps): ContainerLimit {
  try {
    const memory = deps.readContainerMemory();
    if (memory === null) return { bytes: null, missing: 'no memory cgroup is readable here' };
    if (!memory.hasLimit) return { bytes: null, missing: 'this container has no memory limit' };
    return { bytes: memory.limitBytes, missing: null };
  } catch (error) {
    return { bytes: null, missing: (error as Error).message };
  }
}

function budgetLines(
  config: CrewConfig,
  limit: ContainerLimit,
  measured: ReadonlyMap<string, number>,
): string[] {
  const fit = checkBudgetFit(config, limit.bytes, measured);
  const declared = config.pools.some((pool) => pool.expectMemoryBytes !== null);
  if (config.budget === null && !declared) return ['budget: none'];
  let budget = 'none';
  if (config.budget !== null) {
    budget = describeBudget(config.budget);
    if (config.budget.kind !== 'bytes')
      budget +=
        fit.budgetBytes === null || limit.bytes === null
          ? `, not resolved: ${limit.missing}`
          : ` = ${formatBytes(fit.budgetBytes)} (limit ${formatBytes(limit.bytes)})`;
  }
  const unknown = fit.unknownPools;
  const notCounted =
    unknown.length === 0
      ? ''
      : `, not counting ${count(unknown.length, 'pool', 'pools')} without expect_memory: ${unknown.join(', ')}`;
  const usedMeasured = config.pools.filter(
    (p) => p.expectMemoryBytes === null && measured.has(p.name),
  );
  const basis =
    usedMeasured.length === 0
      ? 'processes × expect_memory'
      : `processes × expect_memory, or × measured PSS for ${usedMeasured.map((p) => p.name).join(', ')}`;
  const lines = [
    `budget: ${budget}`,
    `expected: ${formatBytes(fit.expectedBytes)} (${basis})${notCounted}`,
  ];
  if (fit.fits === false && usedMeasured.length > 0 && fit.budgetBytes !== null) {
    lines.push(
      `warning: the pools need ${formatBytes(fit.expectedBytes)} with their measured memory, more than the budget of ${formatBytes(fit.budgetBytes)}`,
    );
  }
  return lines;
}

// The stats of the daemon running this config, or null when none answers within half a second.
async function askDaemon(config: CrewConfig): Promise<StatsReport | null> {
  const { callDaemon } = await import('../control/client.js');
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, 500, null).unref());
  try {
    return await Promise.race([callDaemon(config.control.socket, 'stats'), timeout]);
  } catch {
    return null;
  }
}

// The checks against this machine and a running daemon: one stats call shared by the measured
// memory and the cgroup view (the daemon's own view when it runs: its pools are crew's).
function liveDeps(): CheckDeps {
  let report: Promise<StatsReport | null> | null = null;
  const stats = (config: CrewConfig) => {
    report ??= askDaemon(config);
    return report;
  };
  return {
    readContainerMemory: () => readContainerMemory(),
    async measuredMemory(config) {
      const live = await stats(config);
      if (live === null) return new Map();
      const { median } = await import('./stats-format.js');
      // An fpm: pool's cost is one child's (its master's tree holds the children of the moment).
      const children = new Map(
        (live.fpm ?? []).flatMap((e) =>
          e.child_p95_bytes === null ? [] : [[e.pool, e.child_p95_bytes] as const],
        ),
      );
      return new Map(
        live.pools
          .filter((pool) => pool.processes.length > 0 || children.has(pool.name))
          .map((pool) => [
            pool.name,
            children.get(pool.name) ?? median(pool.processes.map((proc) => proc.pss_bytes)),
          ]),
      );
    },
    async readCgroup(config) {
      const live = await stats(config);
      if (live === null)
        return (await import('../config/cgroup-check.js')).readCgroupView(config.budget);
      if (live.container === null || live.other_bytes === null) return null;
      return {
        scope: live.budget.scope,
        beyondBytes: live.other_bytes,
        foreignProcesses: null,
        hasLimit: live.container.has_limit,
      };
    },
  };
}

// The findings beyond loading, placed at their fields.
async function hostFindings(
  file: string,
  config: CrewConfig,
  limit: ContainerLimit,
  deps: CheckDeps,
  measured: ReadonlyMap<string, number>,
) {
  const { checkHandlers = (await import('../config/handler-checks.js')).handlerIssues } = deps;
  const fit = checkBudgetFit(config, limit.bytes);
  const [handlers, cgroup] = await Promise.all([
    checkHandlers(config.pools),
    deps.readCgroup?.(config).catch(() => null) ?? null,
  ]);
  const fpm = fpmBudgetIssues(config, {
    budgetBytes: fit.budgetBytes,
    otherBytes: fit.otherBytes,
    costOf: (pool) => pool.expectMemoryBytes ?? measured.get(pool.name) ?? null,
  });
  return [
    ...placeIssues(file, [
      ...autoscaleDriverIssues(config),
      ...commandIssues(config, deps.env ?? process.env),
      ...handlers,
      ...cgroupBudgetIssues(config.budget, fit.budgetBytes, cgroup),
    ]),
    ...fpm,
  ];
}

// Checks a config file and summarises it; returns the exit code (0: valid).
export async function check(
  opts: { config: string },
  out: Output,
  deps: CheckDeps = liveDeps(),
): Promise<number> {
  const limit = readLimit(deps);
  const { config, warnings } = loadConfigOrThrow(opts.config, process.env, {
    containerLimitBytes: limit.bytes,
  });
  const measured = (await deps.measuredMemory?.(config)) ?? new Map<string, number>();
  const findings = [
    ...warnings,
    ...(await hostFindings(opts.config, config, limit, deps, measured)),
  ];
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  for (const warning of findings) out.err(`warning: ${formatIssue(warning)}`);
  const header = ['POOL', 'PROCS', 'COMMAND', 'AUTORESTART', 'PRIORITY', 'FLAGS'];
  const rows = config.pools.map((pool) => [
    pool.name,
    describeProcesses(pool),
    shorten(commandOf(pool), COMMAND_WIDTH),
    String(pool.autorestart),
    String(pool.priority),
    flagsOf(pool),
  ]);
  if (rows.length > 0)
    for (const line of formatTable([header, ...rows], new Set([1, 4]))) out.out(line);
  const processes = config.pools.reduce((sum, pool) => sum + pool.processes, 0);
  const most = config.pools.reduce((sum, pool) => sum + (pool.autoscale?.max ?? pool.processes), 0);
  out.out(
    `${count(config.pools.length, 'pool', 'pools')}, ${count(processes, 'process', 'processes')}${most > processes ? ` (up to ${most} autoscaled)` : ''}`,
  );
  for (const line of budgetLines(config, limit, measured)) out.out(line);
  out.out('config OK');
  return 0;
}
