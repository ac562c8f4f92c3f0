// The rules between the worker fields of a pool: it runs a command or handlers, handler
// settings need handlers, and a per-queue concurrency names exactly the pool's queues.
import type { PathIssue } from './issues.js';
import { isRaw, type Raw } from './raw-yaml.js';

// Settings only a pool of Node handlers reads.
const HANDLER_ONLY = [
  'queues',
  'concurrency',
  'tries',
  'retry_backoff',
  'timeout',
  'timeout_grace',
  'lease',
  'max_stalls',
  'poll',
  'prefetch',
] as const;

// Errors in the worker fields of one pool; `at` makes a path inside the pool.
export function workerRuleErrors(pool: Raw, at: (...keys: string[]) => string[]): PathIssue[] {
  const errors: PathIssue[] = [];
  const handlers = pool.handlers !== undefined;
  if (handlers && pool.command !== undefined) {
    errors.push({
      path: at('handlers'),
      at: 'key',
      message:
        'a pool runs either command: (any program) or handlers: (Node job handlers), not both',
    });
  } else if (!handlers && pool.command === undefined && pool.fpm === undefined) {
    errors.push({
      path: at(),
      at: 'key',
      message:
        'needs command: (the program to run), handlers: (a module of Node job handlers) or fpm: (a php-fpm.conf)',
    });
  }
  if (handlers && pool.backlog !== undefined) {
    errors.push({
      path: at('backlog'),
      at: 'key',
      message:
        "a pool with handlers: takes its backlog from crew's own store; backlog: is for pools that run a command",
    });
  }
  if (!handlers) {
    for (const key of HANDLER_ONLY) {
      if (pool[key] === undefined) continue;
      errors.push({
        path: at(key),
        at: 'key',
        message: `applies only to pools with handlers:${key === 'queues' ? '; for a command pool, name its queues under backlog:' : ''}`,
      });
    }
    if (isRaw(pool.recycle) && pool.recycle.max_jobs != null) {
      errors.push({
        path: at('recycle', 'max_jobs'),
        at: 'key',
        message:
          'applies only to pools with handlers:; for queue:work, pass --max-jobs=N in its command',
      });
    }
  }
  // The worker host drains on TERM and INT; it notes USR1, USR2 and HUP and runs on, so a stop by
  // one of those would wait out stop_timeout and end in SIGKILL.
  if (handlers && typeof pool.stopsignal === 'string') {
    const name = pool.stopsignal.toUpperCase().replace(/^SIG/, '');
    if (name !== 'TERM' && name !== 'INT')
      errors.push({
        path: at('stopsignal'),
        at: 'value',
        message: `a pool of handlers stops on TERM or INT (its worker drains on those), got ${pool.stopsignal}; leave stopsignal out`,
      });
  }
  const map = isRaw(pool.concurrency) ? pool.concurrency : null;
  if (handlers && map && Array.isArray(pool.queues)) {
    const queues = pool.queues.filter((q): q is string => typeof q === 'string');
    for (const key of Object.keys(map)) {
      if (!queues.includes(key))
        errors.push({
          path: at('concurrency', key),
          at: 'key',
          message: `"${key}" is not in this pool's queues (${queues.join(', ')})`,
        });
    }
    const missing = queues.filter((q) => !(q in map));
    if (missing.length > 0)
      errors.push({
        path: at('concurrency'),
        at: 'key',
        message: `gives no limit for ${missing.join(', ')}; give every queue of the pool its own number`,
      });
  }
  return errors;
}
