// Warnings about a pool that would run but probably not as meant: expect_memory at or above
// recycle.max_memory, and several processes writing one log file.
import type { PathIssue } from './issues.js';
import { MIN_MEMORY_BYTES } from './memory-fields.js';
import { hasNumPlaceholder, templateProblem } from './process-names.js';
import { isRaw, type Raw } from './raw-yaml.js';
import { formatBytes, parseBytes } from './units.js';

// A memory size the schema accepts, or null.
function memorySizeOf(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  try {
    const n = parseBytes(v);
    return n >= MIN_MEMORY_BYTES ? n : null;
  } catch {
    return null;
  }
}

// Every process would be recycled as soon as it uses the memory it is expected to.
export function recycleWarnings(pool: Raw, path: readonly (string | number)[]): PathIssue[] {
  const expected = memorySizeOf(pool.expect_memory);
  const max = isRaw(pool.recycle) ? memorySizeOf(pool.recycle.max_memory) : null;
  if (expected === null || max === null || expected < max) return [];
  const message = `${formatBytes(expected)} is not below recycle.max_memory (${formatBytes(max)}), so every process would be recycled as soon as it uses what it is expected to`;
  return [{ path, at: 'value', message }];
}

// Log files without {name} or {num} that all `count` processes of the pool would share.
export function sharedLogWarnings(
  pool: Raw,
  count: number,
  path: readonly (string | number)[],
): PathIssue[] {
  if (!isRaw(pool.logs)) return [];
  const warnings: PathIssue[] = [];
  for (const key of ['file', 'stderr']) {
    const file = pool.logs[key];
    if (typeof file !== 'string' || templateProblem(file, ['name', 'pool', 'num']) !== null)
      continue;
    if (file.includes('{name}') || hasNumPlaceholder(file)) continue;
    warnings.push({
      path: [...path, key],
      at: 'value',
      message: `all ${count} processes write to this one file; add {name} to give each process its own`,
    });
  }
  return warnings;
}
