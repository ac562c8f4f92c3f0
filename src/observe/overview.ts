// The supervisor's pools as the overview (control/wire/overview.ts) needs them.
import type { PoolInfo } from '../control/wire/overview.js';
import type { Pool } from '../supervise/pool.js';

// The supervisor's pools as PoolInfo.
export function describePools(pools: readonly Pool[]): PoolInfo[] {
  return pools.map((pool) => ({
    name: pool.config.name,
    group: pool.config.group,
    target: pool.processes().length,
    maxMemoryBytes: pool.config.recycle.maxMemoryBytes,
  }));
}
