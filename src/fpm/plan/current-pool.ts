// A read pool's pm settings as recommendPm takes them.
import type { FpmPool } from '../config/types.js';
import type { FpmCurrent, FpmPmSettings } from './plan-types.js';

// null when the pool has no pm (the config then carries php-fpm's refusal).
export function fpmCurrentOf(pool: FpmPool): FpmCurrent | null {
  if (pool.pm === null) return null;
  return { name: pool.name, ...pmSettingsOf({ ...pool, pm: pool.pm }) };
}

// The pm settings of anything that holds them (a read pool, a recorded view, a plan).
export function pmSettingsOf(from: FpmPmSettings): FpmPmSettings {
  return {
    pm: from.pm,
    maxChildren: from.maxChildren,
    startServers: from.startServers,
    minSpareServers: from.minSpareServers,
    maxSpareServers: from.maxSpareServers,
    maxRequests: from.maxRequests,
    processIdleTimeoutMs: from.processIdleTimeoutMs,
  };
}
