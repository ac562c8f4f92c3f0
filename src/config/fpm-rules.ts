// The rules of an `fpm:` pool: its one process is FPM's master, which keeps its own children, so
// the pool is not scaled by crew, takes no jobs, and stops the way FPM wants.
import type { PathIssue } from './issues.js';
import type { Raw } from './raw-yaml.js';

// Errors in one pool's fpm: combination; `at` makes a path inside the pool.
export function fpmRuleErrors(pool: Raw, at: (...keys: string[]) => string[]): PathIssue[] {
  if (pool.fpm === undefined) return [];
  const errors: PathIssue[] = [];
  const refuse = (key: string, message: string) =>
    errors.push({ path: at(key), at: 'key', message });
  if (pool.handlers !== undefined)
    refuse(
      'handlers',
      'a pool runs either fpm: (PHP-FPM) or handlers: (Node job handlers), not both',
    );
  if (pool.backlog !== undefined)
    refuse(
      'backlog',
      'an fpm: pool serves web requests, not a queue; put backlog: on a worker pool',
    );
  if (pool.processes !== undefined && pool.processes !== 1)
    refuse(
      'processes',
      "an fpm: pool runs one php-fpm master, which keeps its own children (pm.max_children in FPM's config); leave processes out",
    );
  if (pool.target_wait !== undefined) refuse('target_wait', 'applies only to pools that take jobs');
  if (pool.scale !== undefined) refuse('scale', "an fpm: pool is sized by FPM's pm settings");
  const signal = typeof pool.stopsignal === 'string' ? pool.stopsignal : null;
  if (signal !== null) {
    const name = signal.toUpperCase().replace(/^SIG/, '');
    if (!['QUIT', 'TERM', 'INT'].includes(name))
      errors.push({
        path: at('stopsignal'),
        at: 'value',
        message: `php-fpm stops on QUIT (gracefully) or TERM/INT (at once), got ${signal}; leave stopsignal out for QUIT`,
      });
  }
  return errors;
}
