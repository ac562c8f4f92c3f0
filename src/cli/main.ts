// The crew command line and its one error boundary: commands throw, this turns errors into text
// and exit codes. `crew up` — the long-lived daemon — is recognised by a tiny parse and skips
// commander entirely (about 2 MiB less resident memory); everything else goes through program.ts.
import { isCrewError } from '../errors/crew-error.js';
import { consoleOutput as output } from './output.js';
import { parseUpArgs } from './up-args.js';

let exitCode = 0;

try {
  const up = parseUpArgs(process.argv.slice(2));
  if (up) {
    // Never exits on a closed pipe: it has children to stop first (up.ts).
    exitCode = await (await import('./up.js')).up(up, output);
  } else {
    // `crew status | head` closes the pipe early; that is not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(exitCode);
    });
    const { buildProgram } = await import('./program.js');
    await buildProgram(output, (code) => {
      exitCode = code;
    }).parseAsync(process.argv);
  }
} catch (error) {
  if ((error as { name?: string })?.name === 'CommanderError') {
    exitCode = (error as { exitCode: number }).exitCode === 0 ? 0 : 2;
  } else if (isCrewError(error)) {
    output.err(`crew: ${error.message}`);
    for (const detail of error.details) output.err(`  ${detail}`);
    exitCode = error.exitCode;
  } else {
    output.err(
      `crew: internal error (a bug; please report it): ${(error as Error)?.stack ?? error}`,
    );
    exitCode = 70;
  }
}
process.exitCode = exitCode;
