// The config loader as a program: the daemon runs it in a short-lived child process so that the
// YAML parser and the schema library (~8 MiB of heap and code) never stay in the daemon that
// lives inside the memory budget. Prints one JSON object: {config, warnings} or {error}.
import { isCrewError } from '../errors/crew-error.js';
import { readContainerMemory } from '../memory/cgroup.js';
import { formatIssue, loadConfigOrThrow } from './load.js';

const file = process.argv[2] ?? 'crew.yaml';
let answer: unknown;
try {
  // The live limit resolves `90%`/`auto` budgets for the pools-fit warning.
  const container = readContainerMemory();
  const containerLimitBytes = container?.hasLimit ? container.limitBytes : null;
  const { config, warnings } = loadConfigOrThrow(file, process.env, { containerLimitBytes });
  answer = { config, warnings: warnings.map(formatIssue) };
} catch (error) {
  answer = isCrewError(error)
    ? { error: { code: error.code, message: error.message, details: error.details } }
    : {
        error: {
          code: 'CREW_INTERNAL',
          message: String((error as Error)?.stack ?? error),
          details: [],
        },
      };
}
process.stdout.write(JSON.stringify(answer));
