// What `crew simulate` and `crew plan` share: reading a trace, and turning a loaded config into
// the simulation's input (the budget resolved to bytes, each pool's per-process memory).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { resolveBudgetBytes } from '../config/budget.js';
import type { CrewConfig } from '../config/types.js';
import { parseBytes } from '../config/units.js';
import { CrewError } from '../errors/crew-error.js';
import type { SimulationInput } from '../scale/simulate/run.js';
import { parseTrace, type Trace } from '../scale/simulate/trace.js';
import { flagValue } from './flag-value.js';

// crew's own PSS as the simulation counts it: what the daemon measures idle (README: 20.4 MiB).
export const DEFAULT_CREW_BYTES = 20 * 1024 * 1024;

export interface ModelOptions {
  // Overrides the config's budget.
  readonly budget?: string;
  // The container limit a percentage or auto budget is taken from.
  readonly limit?: string;
  readonly crewMemory?: string;
  readonly other?: string;
  // Per-process memory of pools without expect_memory (and not measured).
  readonly expectMemory?: string;
}

// Reads and parses a trace file.
export function readTrace(file: string): Trace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CrewError('CREW_TRACE_INVALID', `cannot read ${file}: ${(error as Error).message}`);
  }
  return parseTrace(text, basename(file));
}

const size = (value: string | undefined, flag: string) =>
  flagValue(value, flag, parseBytes) ?? null;

// Each pool's per-process memory: measured, else expect_memory, else --expect-memory.
export function memoryOfPools(
  config: CrewConfig,
  options: ModelOptions,
  measured: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const fallback = size(options.expectMemory, '--expect-memory');
  const memory = new Map<string, number>();
  const missing: string[] = [];
  for (const pool of config.pools) {
    const bytes = measured.get(pool.name) ?? pool.expectMemoryBytes ?? fallback;
    if (bytes === null) missing.push(pool.name);
    else memory.set(pool.name, bytes);
  }
  if (missing.length > 0) {
    throw new CrewError('CREW_USAGE', `no per-process memory for ${missing.join(', ')}`, [
      'add expect_memory to those pools in crew.yaml, or pass --expect-memory 45MiB',
    ]);
  }
  return memory;
}

// The simulation input for a config, without the trace's label.
export function simulationInput(
  label: string,
  config: CrewConfig,
  trace: Trace,
  options: ModelOptions,
  measured?: ReadonlyMap<string, number>,
): SimulationInput {
  const override = size(options.budget, '--budget');
  const limit = size(options.limit, '--limit');
  const budgetBytes = override ?? resolveBudgetBytes(config.budget, limit);
  if (override === null && config.budget !== null && budgetBytes === null) {
    throw new CrewError('CREW_USAGE', `${label}: its budget is relative to the container limit`, [
      'pass --limit with the container memory limit (e.g. --limit 512MiB), or --budget',
    ]);
  }
  return {
    label,
    pools: config.pools,
    sampleIntervalMs: config.sampleIntervalMs,
    budgetBytes,
    memoryBytes: memoryOfPools(config, options, measured),
    crewBytes: size(options.crewMemory, '--crew-memory') ?? DEFAULT_CREW_BYTES,
    otherBytes: size(options.other, '--other') ?? 0,
    trace,
  };
}
