// A read pool's pm settings as recommendPm takes them.
import type { FpmPool } from '../config/types.js';
import type { FpmCurrent } from './plan-types.js';

// null when the pool has no pm (the config then carries php-fpm's refusal).
export function fpmCurrentOf(pool: FpmPool): FpmCurrent | null {
  if (pool.pm === null) return null;
  return {
    name: pool.name,
    pm: pool.pm,
    maxChildren: pool.maxChildren,
    startServers: pool.startServers,
    minSpareServers: pool.minSpareServers,
    maxSpareServers: pool.maxSpareServers,
    maxRequests: pool.maxRequests,
    processIdleTimeoutMs: pool.processIdleTimeoutMs,
  };
}
