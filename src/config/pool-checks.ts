// `crew check`'s checks of each pool beyond what loading validates: an autoscaled range with
// nothing to drive it, and a command whose executable this machine does not have. They are
// warnings with the field's position: the config may be checked on one host and run on another.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { PathIssue } from './issues.js';
import type { CrewConfig, PoolConfig } from './types.js';

// An autoscaled pool scales on a queue's backlog: crew's own (handlers:) or a watched one
// (backlog:). Without either, nothing ever asks for more than min.
export function autoscaleDriverIssues(config: Pick<CrewConfig, 'pools'>): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const pool of config.pools) {
    if (pool.autoscale === null || pool.worker !== null || pool.backlog !== null) continue;
    const { min, max } = pool.autoscale;
    issues.push({
      path: ['pools', pool.name, 'processes'],
      at: 'value',
      message: `${min}..${max} autoscales on a queue's backlog, but the pool has neither backlog: (a Laravel queue to watch) nor handlers:, so it stays at ${min}; add a backlog: or write a fixed count`,
    });
  }
  return issues;
}

function isRunnableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Where execvp would find the program: a name with a slash is a path from the pool's cwd, any
// other is looked up on PATH (the pool's env, else crew's; an empty entry is the cwd). Returns
// the file, or null when none is found.
export function resolveExecutable(
  program: string,
  cwd: string,
  path: string | undefined,
): string | null {
  if (program.includes('/')) {
    const file = isAbsolute(program) ? program : resolve(cwd, program);
    return isRunnableFile(file) ? file : null;
  }
  for (const dir of (path ?? '').split(delimiter)) {
    const file = join(dir === '' ? cwd : resolve(cwd, dir), program);
    if (isRunnableFile(file)) return file;
  }
  return null;
}

function commandIssue(pool: PoolConfig, env: NodeJS.ProcessEnv): PathIssue | null {
  // `shell: true` hands a string to /bin/sh; handlers: pools run this Node.
  if (pool.shell || pool.worker !== null) return null;
  const program = pool.argv[0];
  if (program === undefined || program === '') return null;
  const searchPath = pool.env.PATH ?? env.PATH;
  if (resolveExecutable(program, pool.cwd, searchPath) !== null) return null;
  const where = program.includes('/')
    ? `${isAbsolute(program) ? program : resolve(pool.cwd, program)} is not an executable file here`
    : `"${program}" is not an executable on PATH here`;
  return {
    path: ['pools', pool.name, 'command'],
    at: 'value',
    message: `${where}; the pool's processes cannot start until it is`,
  };
}

// Commands whose program cannot be found or run on this machine.
export function commandIssues(
  config: Pick<CrewConfig, 'pools'>,
  env: NodeJS.ProcessEnv = process.env,
): PathIssue[] {
  return config.pools.flatMap((pool) => commandIssue(pool, env) ?? []);
}
