// The commands and their options (commander). Each command's module is loaded only when it runs,
// so `crew status` starts fast; `crew up` does not even load this file (see main.ts).
import { Command } from 'commander';
import type { Output } from './output.js';

type Options = { config: string; socket?: string };

// Builds the program; `setExit` receives each command's exit code.
export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const program = new Command('crew')
    .description("Keeps a backend container's workers inside a memory budget.")
    .option('-c, --config <file>', 'crew.yaml to run or talk to', 'crew.yaml')
    .option('--socket <path>', 'control socket (default: from the config, or CREW_SOCKET)')
    .exitOverride()
    .showSuggestionAfterError();
  const global = (): Options => program.opts<Options>();
  const run = (fn: () => Promise<number>) => async () => {
    setExit(await fn());
  };

  program
    .command('up')
    .description('run every pool in the foreground (the container entrypoint)')
    .action(run(async () => (await import('./up.js')).up(global(), output)));

  program
    .command('status')
    .description('one line per process, as supervisorctl status, with memory')
    .argument('[names...]', 'NAME, POOL:*, GROUP:* or all')
    .option('--json', 'machine-readable output')
    .option('--wide', 'RSS beside PSS')
    .action((names: string[], opts: { json?: boolean; wide?: boolean }) =>
      run(async () =>
        (await import('./status.js')).status(names, { ...global(), ...opts }, output),
      )(),
    );

  program
    .command('stats')
    .description('memory: the container as docker stats shows it, each pool, crew, other')
    .option('--json', 'machine-readable output')
    .option('--watch', 'refresh every second')
    .option('--processes', 'every process by memory, as ps aux --sort=-%mem')
    .action((opts: { json?: boolean; watch?: boolean; processes?: boolean }) =>
      run(async () => (await import('./stats.js')).stats({ ...global(), ...opts }, output))(),
    );

  for (const verb of ['start', 'stop', 'restart'] as const) {
    program
      .command(verb)
      .description(`${verb} processes`)
      .argument('<names...>', 'NAME, POOL:*, GROUP:* or all')
      .action((names: string[]) =>
        run(async () =>
          (await import('./process-verbs.js')).processVerb(verb, names, global(), output),
        )(),
      );
  }

  program
    .command('signal')
    .description('send a signal to processes (their process groups)')
    .argument('<signal>', 'e.g. USR2, HUP, TERM')
    .argument('<names...>', 'NAME, POOL:*, GROUP:* or all')
    .action((signal: string, names: string[]) =>
      run(async () =>
        (await import('./process-verbs.js')).processVerb(
          'signal',
          names,
          { ...global(), signal },
          output,
        ),
      )(),
    );

  program
    .command('tail')
    .description("the end of a process's output")
    .argument('<name>', 'process name')
    .argument('[stream]', 'stdout or stderr', 'stdout')
    .option('-f, --follow', 'keep printing new output')
    .option('--bytes <n>', 'how many bytes', (v) => Number.parseInt(v, 10))
    .action((name: string, stream: string, opts: { follow?: boolean; bytes?: number }) =>
      run(async () =>
        (await import('./tail.js')).tail(name, stream, { ...global(), ...opts }, output),
      )(),
    );

  program
    .command('scale')
    .description("change a pool's process count at runtime: crew scale payments=3")
    .argument('<pool=n...>')
    .action((args: string[]) =>
      run(async () => (await import('./scale.js')).scale(args, global(), output))(),
    );

  program
    .command('reload')
    .description('re-read the config and apply only the difference (as SIGHUP)')
    .action(run(async () => (await import('./config-verbs.js')).reload(global(), output)));

  program
    .command('history')
    .description('the applied config versions')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      run(async () =>
        (await import('./config-verbs.js')).history({ ...global(), ...opts }, output),
      )(),
    );

  program
    .command('rollback')
    .description('re-apply an earlier config version (default: the previous one)')
    .argument('[version]', 'version number from crew history', (v) => Number.parseInt(v, 10))
    .action((version: number | undefined) =>
      run(async () => (await import('./config-verbs.js')).rollback(version, global(), output))(),
    );

  program
    .command('shutdown')
    .description('stop every process and the daemon')
    .action(run(async () => (await import('./config-verbs.js')).shutdown(global(), output)));

  program
    .command('check')
    .description('validate the config and summarise its pools')
    .action(run(async () => (await import('./check.js')).check(global(), output)));

  program
    .command('import')
    .description('convert a supervisord config into crew.yaml')
    .argument('<file>', 'supervisord.conf')
    .option('-o, --output <file>', 'write crew.yaml here instead of printing it')
    .action((file: string, opts: { output?: string }) =>
      run(async () => (await import('./import.js')).importCommand({ file, ...opts }, output))(),
    );

  return program;
}
