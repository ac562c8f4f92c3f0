// `crew simulate TRACE [-c crew.yaml] [--static FILE ...] [--json] [--decisions]`: replays a
// workload trace through the autoscaling policy and a model of the pools, for crew.yaml and any
// other configs, and prints waits, memory and decisions side by side.
import { basename, relative } from 'node:path';
import { loadConfigOrThrow } from '../config/load.js';
import type { SimulationResult } from '../scale/simulate/result.js';
import { simulate as runSimulation } from '../scale/simulate/run.js';
import type { Output } from './output.js';
import { formatSimulation, simulationJson } from './simulate-format.js';
import { type ModelOptions, readTrace, simulationInput } from './simulate-setup.js';

export interface SimulateOptions extends ModelOptions {
  readonly config: string;
  readonly static?: readonly string[];
  readonly json?: boolean;
  readonly decisions?: boolean;
}

// Labels: file names, or paths when two files share a name.
function labelsOf(files: readonly string[]): string[] {
  const names = files.map((file) => basename(file));
  return files.map((file, i) =>
    names.indexOf(names[i]!) === names.lastIndexOf(names[i]!) ? names[i]! : relative('.', file),
  );
}

// Runs the simulations and prints them; returns the exit code.
export async function simulate(
  traceFile: string,
  options: SimulateOptions,
  out: Output,
): Promise<number> {
  const trace = readTrace(traceFile);
  const files = [options.config, ...(options.static ?? [])];
  const labels = labelsOf(files);
  const results: SimulationResult[] = [];
  for (const [i, file] of files.entries()) {
    const { config } = loadConfigOrThrow(file);
    const input = simulationInput(labels[i]!, config, trace, options);
    // Every config is held to the first one's targets.
    const queueTargetsMs = results[0]
      ? new Map(results[0].queues.map((q) => [q.queue, q.targetWaitMs] as const))
      : undefined;
    results.push(
      runSimulation({ ...input, logDecisions: options.decisions === true, queueTargetsMs }),
    );
  }
  for (const result of results) {
    for (const q of result.queues) {
      if (q.pools.length === 0 && q.arrived > 0)
        out.err(`warning: ${result.label}: no pool serves queue ${q.queue}; its jobs wait forever`);
    }
  }
  if (options.json) {
    out.out(JSON.stringify(simulationJson(basename(traceFile), results), null, 2));
    return 0;
  }
  for (const line of formatSimulation(results)) out.out(line);
  for (const result of results) {
    if (result.decisionLog.length === 0) continue;
    out.out('');
    out.out(`decisions (${result.label}):`);
    for (const line of result.decisionLog) out.out(`  ${line}`);
  }
  return 0;
}
