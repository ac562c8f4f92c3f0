// Whether this crew is ready (`/readyz`, `crew` method `ready`), for a container engine's
// readiness probe: every critical pool has its floor of processes RUNNING, and every queue source
// (crew's job store, a watched Laravel queue) answered its last reading. Pure. The problems name
// pools and kinds of source, never a URL: the endpoint answers without a token.
import type { ReadyJson } from '../control/wire/ready.js';

export interface PoolReadiness {
  readonly name: string;
  readonly critical: boolean;
  // The processes it must have RUNNING: its autoscaled min, or its fixed count.
  readonly floor: number;
  readonly running: number;
}

export interface SourceDown {
  readonly kind: 'crew' | 'laravel-database' | 'laravel-redis';
  readonly pools: readonly string[];
}

const SOURCE_WORDS: Readonly<Record<SourceDown['kind'], string>> = {
  crew: "crew's job store",
  'laravel-database': 'the Laravel database queue',
  'laravel-redis': 'the Laravel Redis queue',
};

export function readiness(
  pools: readonly PoolReadiness[],
  sourcesDown: readonly SourceDown[],
): ReadyJson {
  const problems: string[] = [];
  for (const pool of pools) {
    if (pool.critical && pool.running < pool.floor)
      problems.push(`critical pool ${pool.name}: ${pool.running} of ${pool.floor} RUNNING`);
  }
  for (const source of sourcesDown) {
    const of = source.pools.length > 0 ? ` (pools ${source.pools.join(', ')})` : '';
    problems.push(`${SOURCE_WORDS[source.kind]}${of} did not answer its last reading`);
  }
  return { ready: problems.length === 0, problems };
}
