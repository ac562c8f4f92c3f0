// A pool of crew.yaml as the policy sees it, and the queues it serves. The same mapping is used
// live, by `crew simulate` and by `crew plan`.
import type { PoolConfig } from '../config/types.js';
import { DEFAULT_TARGET_WAIT_MS, defaultScaleSettings, type PoolSpec } from './spec.js';

// Per-queue limits of a handler pool, as lanes; null without them.
function lanesOf(pool: PoolConfig): PoolSpec['lanes'] {
  const perQueue = pool.worker?.perQueue ?? null;
  if (perQueue === null) return null;
  return pool.worker!.queues.map((queue) => ({ queue, concurrency: perQueue[queue] ?? 0 }));
}

// The spec of a pool: an autoscaled pool's range, a fixed pool's count as min = max = `fixedAt`
// (what it runs now; its `processes` by default).
export function specOfPool(pool: PoolConfig, fixedAt: number = pool.processes): PoolSpec {
  const auto = pool.autoscale;
  return {
    name: pool.name,
    min: auto ? auto.min : fixedAt,
    max: auto ? auto.max : fixedAt,
    priority: pool.priority,
    targetWaitMs: pool.targetWaitMs ?? DEFAULT_TARGET_WAIT_MS,
    concurrency: pool.worker?.concurrency ?? 1,
    lanes: lanesOf(pool),
    expectMemoryBytes: pool.expectMemoryBytes,
    critical: pool.critical,
    stopTimeoutMs: pool.stopTimeoutMs,
    settings: auto
      ? {
          upCooldownMs: auto.upCooldownMs,
          downWindowMs: auto.downWindowMs,
          downCooldownMs: auto.downCooldownMs,
        }
      : defaultScaleSettings,
  };
}

// Laravel's `queue:work --queue=a,b` (or `--queue a,b`) in a command's arguments.
function laravelQueues(argv: readonly string[]): string[] | null {
  for (const [i, arg] of argv.entries()) {
    const value = arg.startsWith('--queue=')
      ? arg.slice('--queue='.length)
      : arg === '--queue'
        ? argv[i + 1]
        : undefined;
    if (value !== undefined) return value.split(',').filter((queue) => queue !== '');
  }
  return null;
}

// The queues a pool takes jobs from, in the order it takes them: its handlers' queues, its
// backlog's, Laravel's --queue in its command (also inside `sh -c`), or else the pool's name.
export function queuesOfPool(pool: PoolConfig): readonly string[] {
  if (pool.worker) return pool.worker.queues;
  if (pool.backlog) return pool.backlog.queues;
  const words = pool.shell ? (pool.argv[2] ?? '').split(/\s+/) : pool.argv;
  return laravelQueues(words) ?? [pool.name];
}
