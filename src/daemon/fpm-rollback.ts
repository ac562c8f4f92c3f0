// `crew rollback` of an fpm: pool: the version's pm settings are written back into FPM's own
// files (in place, as `crew plan --apply` wrote them), and the pool's FPM config is read again,
// so the reload that follows reloads FPM gracefully (USR2) with the settings of that version.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFpmLink } from '../config/fpm-link.js';
import type { CrewConfig, FpmLink, FpmPoolView, PoolConfig } from '../config/types.js';
import { readFpmConfig } from '../fpm/config/read-config.js';
import { applyFpmPlan } from '../fpm/plan/apply-pm.js';
import type { FpmPlan, FpmSettingKey } from '../fpm/plan/plan-types.js';

// The settings of a recorded FPM pool as a plan to write.
function planOf(view: FpmPoolView, why: string): FpmPlan {
  const keys: FpmSettingKey[] = [
    'pm',
    'pm.max_children',
    ...(view.pm === 'dynamic'
      ? (['pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers'] as const)
      : []),
    ...(view.pm === 'ondemand' ? (['pm.process_idle_timeout'] as const) : []),
    'pm.max_requests',
  ];
  return {
    pool: view.name,
    pm: view.pm,
    maxChildren: view.maxChildren,
    startServers: view.startServers,
    minSpareServers: view.minSpareServers,
    maxSpareServers: view.maxSpareServers,
    maxRequests: view.maxRequests,
    processIdleTimeoutMs: view.processIdleTimeoutMs,
    settings: keys.map((key) => ({ key, from: '', to: '', reason: why })),
    worstCaseBytes: null,
    note: null,
  };
}

// Writes the recorded pm settings of every FPM pool of `link` that differ from its files now;
// returns the files written.
function restoreLink(link: FpmLink, why: string): string[] {
  const written: string[] = [];
  for (const view of link.pools) {
    const now = readFpmConfig(link.config, link.prefix === null ? {} : { prefix: link.prefix });
    if (!now.pools.some((p) => p.name === view.name)) continue;
    const texts = new Map(now.files.map((file) => [file, readFileSync(file, 'utf8')] as const));
    for (const [file, text] of applyFpmPlan(now, texts, planOf(view, why))) {
      writeFileSync(file, text);
      written.push(file);
    }
  }
  return written;
}

// The version to apply, its fpm: pools' files restored and read again; `log` names each file.
export function restoreFpmSettings(
  target: CrewConfig,
  version: number,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): CrewConfig {
  if (!target.pools.some((pool) => pool.fpm)) return target;
  const pools = target.pools.map((pool): PoolConfig => {
    const link = pool.fpm ?? null;
    if (link === null) return pool;
    for (const file of restoreLink(link, `rollback to ${version}`))
      log(`rollback: ${pool.name}: wrote the pm settings of version ${version} into ${file}`);
    const fresh = readFpmLink(
      {
        config: link.config,
        status_interval: link.statusIntervalMs,
        ...(link.prefix === null ? {} : { prefix: link.prefix }),
      },
      dirname(target.file),
      env,
      ['pools', pool.name],
      pool.stopTimeoutMs,
    );
    return fresh.link === null ? pool : { ...pool, fpm: fresh.link };
  });
  return { ...target, pools };
}
