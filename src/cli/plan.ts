// `crew plan --from TRACE [--from-live] [--budget SIZE] [-o out.yaml]`: recommends a min..max
// per pool from a day of traffic and the budget, simulates the config before and after on the
// same trace, and prints what each pool would cost and wait; -o writes crew.yaml with the new
// ranges, every other setting and comment kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigOrThrow } from '../config/load.js';
import type { CrewConfig } from '../config/types.js';
import { CrewError } from '../errors/crew-error.js';
import { applyToYaml, withRanges } from '../plan/apply.js';
import { processesBySecond } from '../plan/load.js';
import { recommend } from '../plan/recommend.js';
import { percentile } from '../scale/cost.js';
import { simulate } from '../scale/simulate/run.js';
import type { Output } from './output.js';
import { formatPlan } from './plan-format.js';
import { type ModelOptions, readTrace, simulationInput } from './simulate-setup.js';

export interface PlanOptions extends ModelOptions {
  readonly config: string;
  readonly from?: string;
  readonly fromLive?: boolean;
  readonly output?: string;
  // Write the php-fpm plan into FPM's files and reload (fpm: pools).
  readonly apply?: boolean;
}

// Per-process PSS by pool (95th percentile of its processes) from the daemon running `config`.
async function liveMemory(config: CrewConfig): Promise<Map<string, number>> {
  const { callDaemon } = await import('../control/client.js');
  const report = await callDaemon(config.control.socket, 'stats');
  return new Map(
    report.pools
      .filter((pool) => pool.processes.length > 0)
      .map((pool) => [
        pool.name,
        percentile(
          pool.processes.map((p) => p.pss_bytes),
          0.95,
        )!,
      ]),
  );
}

// Plans, prints and writes; returns the exit code.
export async function plan(options: PlanOptions, out: Output): Promise<number> {
  const { config } = loadConfigOrThrow(options.config);
  const hasFpm = config.pools.some((pool) => pool.fpm);
  if (options.from === undefined) {
    if (hasFpm) return (await import('./plan-fpm.js')).planFpm(config, options.apply === true, out);
    throw new CrewError('CREW_USAGE', 'crew plan needs a workload: --from TRACE', [
      '--from-live adds the running daemon’s measured memory per process; the load comes from the trace',
      "for fpm: pools, crew plan without --from fits php-fpm's pm settings from the running daemon's readings",
    ]);
  }
  if (options.apply)
    throw new CrewError('CREW_USAGE', '--apply writes php-fpm plans; it is not taken with --from', [
      'write the recommended ranges with -o FILE, check it with `crew check -c FILE`, then move it into place',
    ]);
  const trace = readTrace(options.from);
  const measured = options.fromLive ? await liveMemory(config) : new Map<string, number>();
  const input = simulationInput('before', config, trace, options, measured);
  const poolBudget =
    input.budgetBytes === null ? null : input.budgetBytes - input.crewBytes - input.otherBytes;
  const recommended = recommend({
    pools: config.pools,
    processes: processesBySecond(config.pools, trace),
    memoryBytes: input.memoryBytes,
    poolBudgetBytes: poolBudget,
  });
  const before = simulate(input);
  const queueTargetsMs = new Map(before.queues.map((q) => [q.queue, q.targetWaitMs] as const));
  const after = simulate({
    ...input,
    label: 'after',
    pools: withRanges(config.pools, recommended),
    queueTargetsMs,
  });
  for (const line of formatPlan({ pools: config.pools, plan: recommended, before, after }))
    out.out(line);
  // Queues whose jobs mostly start late even after the plan: the budget is too small for them.
  const starved = after.queues.filter((q) => q.arrived > 0 && q.overTarget * 2 > q.arrived);
  if (starved.length > 0 && input.budgetBytes !== null) {
    // One process for every pool with work beside the others' mins: the least budget that runs
    // them all at once.
    const needed =
      input.crewBytes +
      input.otherBytes +
      recommended.reduce(
        (sum, r) =>
          sum +
          Math.max(r.min, r.max > 0 || r.neverRuns ? 1 : 0) * (input.memoryBytes.get(r.pool) ?? 0),
        0,
      );
    out.err(
      `warning: ${starved.map((q) => q.queue).join(', ')}: most jobs would start later than their target; the budget cannot run a process for every pool at once`,
    );
    out.err(
      `  serve light queues from one pool (docs/scaling.md), or raise the budget to at least ${Math.ceil(needed / 1024 ** 2)} MiB`,
    );
  }
  if (options.output !== undefined) {
    const text = applyToYaml(readFileSync(config.file, 'utf8'), recommended);
    if (resolve(options.output) === config.file) {
      throw new CrewError(
        'CREW_USAGE',
        `-o ${options.output} would overwrite the config it reads`,
        ['write to another file, check it with `crew check -c FILE`, then move it into place'],
      );
    }
    writeFileSync(options.output, text);
    out.out(`wrote ${options.output}`);
  }
  return 0;
}
