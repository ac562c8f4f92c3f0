// What every command definition needs: the program, the global options, and wrappers that run a
// command's action and hand its exit code to setExit.
import { Command } from 'commander';
import { packageVersion } from '../daemon/version.js';
import type { Output } from './output.js';

export type Options = { config: string; socket?: string };

export interface CommandKit {
  readonly program: Command;
  readonly output: Output;
  // The global options as parsed.
  global(): Options;
  // Wraps an action: its resolved exit code goes to setExit.
  run(fn: () => Promise<number>): () => Promise<void>;
  // A command with a --json option.
  jsonCommand(name: string, description: string): Command;
  // The action of a command that takes only options: they reach it merged with the global ones.
  withOptions<O extends object>(
    fn: (opts: Options & O) => Promise<number>,
  ): (opts: O) => Promise<void>;
}

// Creates the program with its global options, and the kit to add commands to it.
export function createCommandKit(output: Output, setExit: (code: number) => void): CommandKit {
  const program = new Command('crew')
    .description("Keeps a backend container's workers inside a memory budget.")
    .option('-c, --config <file>', 'crew.yaml to run or talk to', 'crew.yaml')
    .option('--socket <path>', 'control socket (default: from the config, or CREW_SOCKET)')
    .version(packageVersion(), '-V, --version', "print crew's version")
    .exitOverride()
    .showSuggestionAfterError();
  const global = (): Options => program.opts<Options>();
  const run = (fn: () => Promise<number>) => async () => {
    setExit(await fn());
  };
  const jsonCommand = (name: string, description: string) =>
    program.command(name).description(description).option('--json', 'machine-readable output');
  const withOptions =
    <O extends object>(fn: (opts: Options & O) => Promise<number>) =>
    (opts: O) =>
      run(() => fn({ ...global(), ...opts }))();
  return { program, output, global, run, jsonCommand, withOptions };
}
