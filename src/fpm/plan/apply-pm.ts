// Writes a plan into the php-fpm files for `crew plan --apply`: each recommended setting's
// value rewritten in place where the pool writes it (key, spacing, quotes and comment kept),
// else added as a new line after the pool's last pm.* line. Pure: texts in, texts out.
// A setting already at the recommended value is left alone, as are the settings the new pm
// does not use (pm.start_servers under static): php-fpm ignores them and the file stays closer
// to what its owner wrote.
import { CrewError } from '../../errors/crew-error.js';
import { fpmInsertionPoint, insertFpmValue, replaceFpmValue } from '../config/edit-value.js';
import type { FpmConfig, FpmPool, FpmPosition } from '../config/types.js';
import type { FpmPlan, FpmSettingKey } from './plan-types.js';

interface Edit {
  readonly key: FpmSettingKey;
  readonly value: string;
  // The line to rewrite, or the line to add after.
  readonly at: FpmPosition;
  readonly insert: boolean;
  // Its place in plan.settings.
  readonly order: number;
}

// Each setting as a plan and a read pool hold it.
const FIELDS: Record<FpmSettingKey, (p: FpmPlan | FpmPool) => string | number | null> = {
  pm: (p) => p.pm,
  'pm.max_children': (p) => p.maxChildren,
  'pm.start_servers': (p) => p.startServers,
  'pm.min_spare_servers': (p) => p.minSpareServers,
  'pm.max_spare_servers': (p) => p.maxSpareServers,
  'pm.max_requests': (p) => p.maxRequests,
  'pm.process_idle_timeout': (p) => p.processIdleTimeoutMs,
};

function textOf(key: FpmSettingKey, plan: FpmPlan): string {
  return key === 'pm.process_idle_timeout'
    ? `${plan.processIdleTimeoutMs / 1000}s`
    : String(FIELDS[key](plan));
}

// php-fpm derives an unwritten start_servers from the spares, so an equal figure is written
// anyway: once the spares change, the derived one would too.
function isUnchanged(key: FpmSettingKey, pool: FpmPool, plan: FpmPlan): boolean {
  if (key === 'pm.start_servers' && !pool.entries.has(key)) return false;
  return FIELDS[key](pool) === FIELDS[key](plan);
}

function editsOf(config: FpmConfig, pool: FpmPool, plan: FpmPlan): Edit[] {
  const edits: Edit[] = [];
  plan.settings.forEach(({ key }, order) => {
    if (isUnchanged(key, pool, plan)) return;
    const value = textOf(key, plan);
    const written = pool.entries.get(key);
    if (written) edits.push({ key, value, at: written.position, insert: false, order });
    else edits.push({ key, value, at: fpmInsertionPoint(config, pool, key), insert: true, order });
  });
  return edits;
}

// Edits of one file, bottom-up so the lines above each edit keep their numbers. On one line,
// the additions after it go first (the last one first, so they read in the plan's order), then
// the rewrite of the line itself, since an addition checks that line is still as read.
function byPlace(a: Edit, b: Edit): number {
  if (a.at.line !== b.at.line) return b.at.line - a.at.line;
  if (a.insert !== b.insert) return a.insert ? -1 : 1;
  return b.order - a.order;
}

// New texts for the files that change, by path as config.files names them.
export function applyFpmPlan(
  config: FpmConfig,
  texts: ReadonlyMap<string, string>,
  plan: FpmPlan,
): Map<string, string> {
  const pool = config.pools.find((candidate) => candidate.name === plan.pool);
  if (!pool) {
    const names = config.pools.map((candidate) => candidate.name).join(', ');
    throw new CrewError('CREW_POOL_NOT_FOUND', `no php-fpm pool is named "${plan.pool}"`, [
      `pools: ${names}`,
    ]);
  }
  const byFile = new Map<string, Edit[]>();
  for (const edit of editsOf(config, pool, plan)) {
    byFile.set(edit.at.file, [...(byFile.get(edit.at.file) ?? []), edit]);
  }
  const changed = new Map<string, string>();
  for (const [file, edits] of byFile) {
    const original = texts.get(file);
    if (original === undefined) throw new Error(`no text was given for ${file}`);
    let text = original;
    for (const edit of [...edits].sort(byPlace)) {
      text = edit.insert
        ? insertFpmValue(text, edit.at, edit.key, edit.value)
        : replaceFpmValue(text, edit.at, edit.value);
    }
    if (text !== original) changed.set(file, text);
  }
  return changed;
}
