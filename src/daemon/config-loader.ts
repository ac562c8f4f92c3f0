// Loads crew.yaml in a child process (config/load-child) and returns the frozen config: the
// daemon pays ~0.1 s per load instead of keeping the parser and schema libraries resident.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deepFreeze } from '../config/freeze.js';
import type { CrewConfig } from '../config/types.js';
import { CrewError, type CrewErrorCode } from '../errors/crew-error.js';

// Beside this module: .js when built, .ts when the tests run the sources through tsx.
const childScript = fileURLToPath(
  new URL(
    `../config/load-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
    import.meta.url,
  ),
);

interface ChildAnswer {
  config?: CrewConfig;
  warnings?: string[];
  error?: { code: CrewErrorCode; message: string; details: string[] };
}

// Loads and validates a config file; throws the loader's CrewError (file:line:col details).
export function loadConfigIsolated(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ config: CrewConfig; warnings: readonly string[] }> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, childScript, file];
    execFile(
      process.execPath,
      args,
      { env, maxBuffer: 16 * 1024 * 1024 },
      (failure, stdout, stderr) => {
        let answer: ChildAnswer;
        try {
          answer = JSON.parse(stdout) as ChildAnswer;
        } catch {
          const why = failure?.message ?? 'no answer';
          reject(
            new CrewError('CREW_INTERNAL', `the config loader failed: ${why}`, [stderr.trim()]),
          );
          return;
        }
        if (answer.error) {
          reject(new CrewError(answer.error.code, answer.error.message, answer.error.details));
          return;
        }
        resolve({ config: deepFreeze(answer.config!), warnings: answer.warnings ?? [] });
      },
    );
  });
}
