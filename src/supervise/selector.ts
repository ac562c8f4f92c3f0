// Resolves the names operators type (supervisorctl's forms) to processes:
// `all`, `POOL:*`, `GROUP:*`, `POOL:PROCESS`, `PROCESS`, or a bare `POOL`.
import { CrewError } from '../errors/crew-error.js';
import type { ManagedProcess } from './managed-process.js';
import type { Pool } from './pool.js';

// Returns the processes a selector names, in pool then number order; throws when none match.
export function selectProcesses(pools: readonly Pool[], selector: string): ManagedProcess[] {
  const all = pools.flatMap((pool) => pool.processes());
  if (selector === 'all' || selector === '*') return all;
  const colon = selector.indexOf(':');
  if (colon >= 0) {
    const head = selector.slice(0, colon);
    const tail = selector.slice(colon + 1);
    const inPools = pools.filter((pool) => pool.config.name === head || pool.config.group === head);
    const found = inPools
      .flatMap((pool) => pool.processes())
      .filter((proc) => tail === '*' || proc.name === tail);
    if (found.length > 0) return found;
  } else {
    const byName = all.filter((proc) => proc.name === selector);
    if (byName.length > 0) return byName;
    const pool = pools.find((candidate) => candidate.config.name === selector);
    if (pool && pool.processes().length > 0) return [...pool.processes()];
  }
  throw new CrewError('CREW_PROCESS_NOT_FOUND', `no process matches "${selector}"`, [
    'try `crew status` for the names, or POOL:* / GROUP:* / all',
  ]);
}

// Returns the pool with that name or throws CREW_POOL_NOT_FOUND.
export function findPool(pools: readonly Pool[], name: string): Pool {
  const pool = pools.find((candidate) => candidate.config.name === name);
  if (!pool) {
    const names = pools.map((candidate) => candidate.config.name).join(', ');
    throw new CrewError('CREW_POOL_NOT_FOUND', `no pool is named "${name}"`, [`pools: ${names}`]);
  }
  return pool;
}
