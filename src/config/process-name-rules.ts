// The process-name rules of a pool, on the raw YAML: how many processes it may start, the
// template that names them, and whether a name is already made by another pool.
import { maxProcessesOf } from './autoscale.js';
import { DEFAULT_PROCESS_NAME, renderTemplate, templateProblem } from './process-names.js';
import type { Raw } from './raw-yaml.js';

export function processCountOf(pool: Raw): number | null {
  // For an autoscaled pool, its max: names must hold for every process it may start.
  return maxProcessesOf(pool.processes);
}

// The pool's process_name template (or the default), or null when it is not valid.
export function processNameOf(pool: Raw): string | null {
  const t = pool.process_name ?? DEFAULT_PROCESS_NAME;
  return typeof t === 'string' && t !== '' && templateProblem(t, ['pool', 'num']) === null
    ? t
    : null;
}

// The first of the pool's `count` process names another pool already makes, as a message;
// records the names it makes first in `owners`.
export function processNameClash(
  pool: string,
  template: string,
  count: number,
  owners: Map<string, string>,
): string | null {
  let clash: string | null = null;
  for (let num = 0; num < count; num += 1) {
    const processName = renderTemplate(template, { pool, num });
    const owner = owners.get(processName);
    if (owner !== undefined && owner !== pool && clash === null) {
      clash = `makes the process name "${processName}", which pool "${owner}" also makes`;
    }
    if (owner === undefined) owners.set(processName, pool);
  }
  return clash;
}
