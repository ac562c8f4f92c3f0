// `crew plan` for PHP-FPM: pm settings fitted to the budget from what the running daemon read
// of each FPM pool (children's memory, the load on its status page), each number with its
// reason; `--apply` writes them into FPM's own files in place (comments and every other line
// kept) and has the daemon reload, which reloads FPM gracefully (USR2) and records the change in
// `crew history`, so `crew rollback` undoes it.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CrewConfig } from '../config/types.js';
import { formatBytes } from '../config/units.js';
import { callDaemon } from '../control/client.js';
import { type FpmPlanPoolJson, fpmPlanInputOf } from '../control/wire/fpm-plan.js';
import { CrewError } from '../errors/crew-error.js';
import { readFpmConfig } from '../fpm/config/read-config.js';
import { applyFpmPlan } from '../fpm/plan/apply-pm.js';
import type { FpmPlan } from '../fpm/plan/plan-types.js';
import { recommendPm } from '../fpm/plan/recommend-pm.js';
import type { Output } from './output.js';
import { formatTable } from './table.js';

export interface FpmPlanned {
  readonly input: FpmPlanPoolJson;
  readonly plan: FpmPlan;
}

// Asks the daemon running `config` for its FPM readings and plans each FPM pool.
export async function planFpmPools(config: CrewConfig): Promise<FpmPlanned[]> {
  let answer: Awaited<ReturnType<typeof callDaemon<'fpm_plan'>>>;
  try {
    answer = await callDaemon(config.control.socket, 'fpm_plan');
  } catch (error) {
    if (error instanceof CrewError && error.code === 'CREW_NOT_RUNNING')
      throw new CrewError(
        'CREW_NOT_RUNNING',
        "crew plan fits php-fpm's pm settings from what the running daemon measured, and no daemon answers",
        ['start it with `crew up`, let it serve traffic a while, then run `crew plan` again'],
      );
    throw error;
  }
  return answer.pools.map((input) => ({ input, plan: recommendPm(fpmPlanInputOf(input)) }));
}

export function formatFpmPlans(planned: readonly FpmPlanned[]): string[] {
  const lines: string[] = [];
  for (const { input, plan } of planned) {
    const seen = input.load.length;
    const basis =
      input.child_bytes === null
        ? 'no child measured'
        : `child ${formatBytes(input.child_bytes)} (p95), ${seen} status reading${seen === 1 ? '' : 's'}`;
    const room = input.room_bytes === null ? 'no budget' : `room ${formatBytes(input.room_bytes)}`;
    lines.push(`php-fpm ${input.pool} [${input.fpm_pool}]: ${basis}, ${room}`);
    const rows = [
      ['SETTING', 'NOW', 'PLAN', 'WHY'],
      ...plan.settings.map((s) => [s.key, s.from, s.to, s.reason]),
    ];
    lines.push(...formatTable(rows).map((line) => `  ${line}`));
    if (plan.worstCaseBytes !== null)
      lines.push(
        `  worst case: ${formatBytes(plan.worstCaseBytes)} (master + pm.max_children × child)`,
      );
    if (plan.note !== null) lines.push(`  note: ${plan.note}`);
  }
  return lines;
}

// Writes each plan into its pool's FPM files (re-reading them between FPM pools, whose lines
// the previous edit may have moved); returns the files written.
export function writeFpmPlans(config: CrewConfig, planned: readonly FpmPlanned[]): string[] {
  const written = new Set<string>();
  for (const { input, plan } of planned) {
    const pool = config.pools.find((p) => p.name === input.pool);
    const link = pool?.fpm ?? null;
    if (link === null) continue;
    const fpm = readFpmConfig(link.config, link.prefix === null ? {} : { prefix: link.prefix });
    if (fpm.errors.length > 0)
      throw new CrewError(
        'CREW_FPM_CONFIG_INVALID',
        `${link.config} has changed since crew read it and php-fpm would refuse it now`,
        fpm.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`),
      );
    const texts = new Map(fpm.files.map((file) => [file, readFileSync(file, 'utf8')] as const));
    for (const [file, text] of applyFpmPlan(fpm, texts, plan)) {
      writeFileSync(file, text);
      written.add(file);
    }
  }
  return [...written];
}

// `crew plan` (without --from) when the config has fpm: pools; returns the exit code.
export async function planFpm(config: CrewConfig, apply: boolean, out: Output): Promise<number> {
  const planned = await planFpmPools(config);
  for (const line of formatFpmPlans(planned)) out.out(line);
  if (!apply) return 0;
  const files = writeFpmPlans(config, planned);
  if (files.length === 0) {
    out.out('nothing to apply: the pm settings are already the recommended ones');
    return 0;
  }
  for (const file of files) out.out(`wrote ${file}`);
  const applied = await callDaemon(config.control.socket, 'reload');
  out.out(`applied version ${applied.version}: ${applied.changes.join('; ')}`);
  return 0;
}
