// A plan applied: to the loaded pools (to simulate the result) and to crew.yaml's text, editing
// the YAML document in place so comments, anchors and every other setting stay as written.
import { isMap, isScalar, parseDocument } from 'yaml';
import type { PoolConfig } from '../config/types.js';
import { DEFAULT_TARGET_WAIT_MS, defaultScaleSettings } from '../scale/spec.js';
import type { Recommendation } from './recommend.js';

// `1..4`, or `3` when min = max.
export function rangeText(rec: Pick<Recommendation, 'min' | 'max'>): string {
  return rec.min === rec.max ? String(rec.min) : `${rec.min}..${rec.max}`;
}

// The pools with the recommended ranges; pools without a recommendation are kept.
export function withRanges(
  pools: readonly PoolConfig[],
  plan: readonly Pick<Recommendation, 'pool' | 'min' | 'max'>[],
): PoolConfig[] {
  return pools.map((pool) => {
    const rec = plan.find((r) => r.pool === pool.name);
    if (!rec) return pool;
    if (rec.min === rec.max) return { ...pool, processes: rec.min, autoscale: null };
    const timings = pool.autoscale ?? defaultScaleSettings;
    return {
      ...pool,
      processes: rec.min,
      autoscale: {
        min: rec.min,
        max: rec.max,
        upCooldownMs: timings.upCooldownMs,
        downWindowMs: timings.downWindowMs,
        downCooldownMs: timings.downCooldownMs,
      },
      targetWaitMs: pool.targetWaitMs ?? DEFAULT_TARGET_WAIT_MS,
    };
  });
}

// crew.yaml's text with each pool's `processes:` set to its recommended range. A value written
// as a plain scalar is changed in place, keeping its comment.
export function applyToYaml(
  text: string,
  plan: readonly Pick<Recommendation, 'pool' | 'min' | 'max'>[],
): string {
  const doc = parseDocument(text);
  for (const rec of plan) {
    const path = ['pools', rec.pool, 'processes'];
    if (!isMap(doc.getIn(['pools', rec.pool], true))) continue;
    const value = rec.min === rec.max ? rec.min : rangeText(rec);
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.value = value;
    else doc.setIn(path, value);
  }
  return doc.toString();
}
