// Plan → apply → read again, as the apply tests do it on a file in a scratch directory: the
// pool must then hold the recommended values with php-fpm's checks passing, and the diff of
// the text must hold only the lines of settings whose value changed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { ConfigDir } from '../../../config/test-support/config-dir.js';
import { readFpmConfig } from '../../config/read-config.js';
import type { FpmConfig, FpmPool } from '../../config/types.js';
import { applyFpmPlan } from '../apply-pm.js';
import { fpmCurrentOf } from '../current-pool.js';
import type { FpmPlan, FpmPlanInput } from '../recommend-pm.js';
import { recommendPm } from '../recommend-pm.js';
import { diffLines } from './line-diff.js';
import { burstyLoad, busyLoad, idleLoad, leakingChildren, MiB } from './loads.js';

export type Shape = Omit<FpmPlanInput, 'current'>;

export const shapes = {
  // static, capped at 8 by a budget of 400 MiB with 45 MiB children.
  busy: {
    memory: { masterBytes: 8 * MiB, childBytes: 45 * MiB },
    roomBytes: 400 * MiB,
    load: busyLoad,
    children: [],
  },
  // ondemand with 2 children.
  idle: { memory: null, roomBytes: null, load: idleLoad, children: [] },
  // dynamic 10 children, 3/1/6, max_requests 100 for the leak.
  bursty: { memory: null, roomBytes: null, load: burstyLoad, children: leakingChildren },
} satisfies Record<string, Shape>;

export function poolNamed(config: FpmConfig, name: string): FpmPool {
  const pool = config.pools.find((candidate) => candidate.name === name);
  assert.ok(pool, `no pool ${name}`);
  return pool;
}

export function planFor(config: FpmConfig, poolName: string, shape: Shape): FpmPlan {
  const current = fpmCurrentOf(poolNamed(config, poolName));
  assert.ok(current);
  return recommendPm({ current, ...shape });
}

// The plan's settings as `source` (a read pool, or the plan) holds them, by key.
function valuesOf(source: FpmPool | FpmPlan, plan: FpmPlan): Record<string, unknown> {
  const all: Record<string, unknown> = {
    pm: source.pm,
    'pm.max_children': source.maxChildren,
    'pm.start_servers': source.startServers,
    'pm.min_spare_servers': source.minSpareServers,
    'pm.max_spare_servers': source.maxSpareServers,
    'pm.max_requests': source.maxRequests,
    'pm.process_idle_timeout': source.processIdleTimeoutMs,
  };
  return Object.fromEntries(plan.settings.map(({ key }) => [key, all[key]]));
}

export interface Applied {
  readonly before: FpmConfig;
  readonly after: FpmConfig;
  readonly plan: FpmPlan;
  readonly text: string;
}

// Writes `text` as `name`, plans `poolName` for `shape`, applies the plan and reads it again.
export function planApplyReread(
  dir: ConfigDir,
  name: string,
  text: string,
  poolName: string,
  shape: Shape,
  env: Record<string, string> = {},
): Applied {
  const file = dir.write(name, text);
  const before = readFpmConfig(file, { env, root: false });
  assert.deepEqual(before.errors, []);
  const plan = planFor(before, poolName, shape);
  const changed = applyFpmPlan(before, new Map([[file, text]]), plan);
  assert.deepEqual([...changed.keys()], changed.size === 0 ? [] : [file]);
  const edited = changed.get(file) ?? text;
  writeFileSync(file, edited);
  const after = readFpmConfig(file, { env, root: false });
  assert.deepEqual(after.errors, []);
  assert.deepEqual(valuesOf(poolNamed(after, poolName), plan), valuesOf(plan, plan));
  return { before, after, plan, text: edited };
}

// The diff holds the old and new lines of the settings whose value changed, nothing else; a
// written setting already at its recommended value kept its line as it was.
export function assertOnlyPlannedLines(original: string, applied: Applied, poolName: string) {
  const oldPool = poolNamed(applied.before, poolName);
  const old = oldPool.entries;
  const now = poolNamed(applied.after, poolName).entries;
  const wanted = valuesOf(applied.plan, applied.plan);
  const had = valuesOf(oldPool, applied.plan);
  const removed: string[] = [];
  const added: string[] = [];
  for (const key of Object.keys(wanted)) {
    const was = old.get(key)?.position.raw;
    const is = now.get(key)?.position.raw;
    assert.ok(is !== undefined || was === undefined, `${key} lost its line`);
    const same = had[key] === wanted[key];
    if (was !== undefined && same) assert.equal(is, was, `${key} was rewritten`);
    // An unwritten start_servers is derived from the spares, so it is written even when equal.
    if (was === undefined && same && key !== 'pm.start_servers') assert.equal(is, undefined, key);
    if (was !== is && was !== undefined) removed.push(was);
    if (was !== is && is !== undefined) added.push(is);
  }
  const diff = diffLines(original, applied.text);
  assert.deepEqual(diff.removed.sort(), removed.sort());
  assert.deepEqual(diff.added.sort(), added.sort());
}
