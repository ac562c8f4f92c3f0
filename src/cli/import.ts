// `crew import <supervisord.conf> [-o crew.yaml]`: converts a supervisord configuration, printing
// every warning as `warning: file:line: message`. Malformed input throws CREW_IMPORT_INVALID;
// the CLI entry prints it.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importSupervisord } from '../config/supervisord/import.js';
import { formatIssue } from '../config/supervisord/issue.js';
import { CrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';

export interface ImportOptions {
  readonly file: string;
  // Where to write crew.yaml; printed on stdout when absent.
  readonly output?: string;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

// Runs the import; returns the exit code (0), throws CrewError when the file cannot be imported.
export async function importCommand(
  opts: ImportOptions,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (opts.output !== undefined && resolve(opts.output) === resolve(opts.file)) {
    throw new CrewError(
      'CREW_USAGE',
      `--output ${opts.output} would overwrite the supervisord file; choose another path.`,
    );
  }
  const result = importSupervisord(opts.file, env);
  for (const warning of result.warnings) out.err(`warning: ${formatIssue(warning)}`);
  if (opts.output === undefined) {
    for (const line of result.yaml.replace(/\n$/, '').split('\n')) out.out(line);
  } else {
    writeFileSync(opts.output, result.yaml);
  }
  const processes = result.pools.reduce((sum, pool) => sum + pool.processes, 0);
  const summary = [
    `imported ${plural(result.pools.length, 'program')} (${plural(processes, 'process', 'processes')})`,
    `into ${plural(result.pools.length, 'pool')}, ${plural(result.warnings.length, 'warning')}`,
  ].join(' ');
  // Keep stdout pure YAML when the YAML goes there, so `crew import x > crew.yaml` works.
  if (opts.output === undefined) {
    out.err(summary);
  } else {
    out.out(`wrote ${opts.output}`);
    out.out(summary);
  }
  return 0;
}
