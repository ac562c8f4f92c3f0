// Checks of a valid config against this machine. They are warnings, not errors: the config may
// be checked on one host and run on another, or before a volume is mounted.
import { statSync } from 'node:fs';
import { checkBudgetFit, describeBudget } from './budget.js';
import type { PathIssue } from './issues.js';
import type { ParsedConfig } from './schema.js';
import type { CrewConfig } from './types.js';
import { formatBytes } from './units.js';

// Linux's sun_path holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH_BYTES = 107;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Warns when the pools' declared memory exceeds the budget, or the budget the container limit.
export function budgetWarnings(
  config: CrewConfig,
  containerLimitBytes: number | null,
): PathIssue[] {
  const { budget } = config;
  if (budget === null) return [];
  const warnings: PathIssue[] = [];
  const fit = checkBudgetFit(config, containerLimitBytes);
  if (fit.fits === false && fit.budgetBytes !== null) {
    const shown =
      budget.kind === 'bytes'
        ? formatBytes(fit.budgetBytes)
        : `${describeBudget(budget)} = ${formatBytes(fit.budgetBytes)}`;
    const [n, names] = [fit.unknownPools.length, fit.unknownPools.join(', ')];
    const unknown =
      n === 0
        ? ''
        : ` (not counting ${plural(n, 'pool', 'pools')} without expect_memory: ${names})`;
    warnings.push({
      path: ['budget'],
      at: 'key',
      message: `processes × expect_memory adds up to ${formatBytes(fit.expectedBytes)}, more than the budget of ${shown}${unknown}; lower processes or raise the budget`,
    });
  }
  if (
    budget.kind === 'bytes' &&
    containerLimitBytes !== null &&
    budget.bytes > containerLimitBytes
  ) {
    warnings.push({
      path: ['budget'],
      at: 'value',
      message: `${formatBytes(budget.bytes)} is more than the container's memory limit of ${formatBytes(containerLimitBytes)}, so the kernel OOM-kills before crew keeps to the budget; write a percentage such as "90%" instead`,
    });
  }
  return warnings;
}

// Warns about working directories that do not exist and socket paths too long to bind.
export function hostWarnings(config: CrewConfig, parsed: ParsedConfig): PathIssue[] {
  const warnings: PathIssue[] = [];
  for (const pool of config.pools) {
    if (parsed.pools[pool.name]?.cwd !== undefined && !isDirectory(pool.cwd)) {
      warnings.push({
        path: ['pools', pool.name, 'cwd'],
        at: 'value',
        message: `${pool.cwd} is not a directory here; the pool's processes cannot start until it is`,
      });
    }
    if (pool.worker && !isFile(pool.worker.handlers)) {
      warnings.push({
        path: ['pools', pool.name, 'handlers'],
        at: 'value',
        message: `${pool.worker.handlers} is not a file here; the pool's workers cannot start until it is`,
      });
    }
  }
  const socketBytes = Buffer.byteLength(config.control.socket);
  if (socketBytes > MAX_SOCKET_PATH_BYTES) {
    warnings.push({
      path: ['control', 'socket'],
      at: 'value',
      message: `${config.control.socket} is ${socketBytes} bytes long; Unix sockets allow ${MAX_SOCKET_PATH_BYTES}, so set a shorter control.socket or CREW_SOCKET`,
    });
  }
  return warnings;
}
