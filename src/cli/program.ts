// The commands and their options (commander). Each command's module is loaded only when it runs,
// so `crew status` starts fast; `crew up` does not even load this file (see main.ts). The job-store
// commands are in program-jobs.ts.
import { Argument, type Command } from 'commander';
import type { Output } from './output.js';
import { addJobCommands } from './program-jobs.js';
import { createCommandKit } from './program-kit.js';

// Builds the program; `setExit` receives each command's exit code.
export function buildProgram(output: Output, setExit: (code: number) => void): Command {
  const kit = createCommandKit(output, setExit);
  const { program, global, run, jsonCommand, withOptions } = kit;

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
    .option('--events', "then the autoscaler's pools and recent decisions, with their reasons")
    .option('--cluster', 'every host on the shared store, and the hosts the work wants')
    .action(
      (
        names: string[],
        opts: { json?: boolean; wide?: boolean; events?: boolean; cluster?: boolean },
      ) =>
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
    .action(
      withOptions<{ json?: boolean; watch?: boolean; processes?: boolean }>(async (opts) =>
        (await import('./stats.js')).stats(opts, output),
      ),
    );

  program
    .command('top')
    .description('live view: pools, processes with memory bars, queues, last decisions (q quits)')
    .option('--once', 'print one frame and exit (also when output is not a terminal)')
    .action(
      withOptions<{ once?: boolean }>(async (opts) => (await import('./top.js')).top(opts, output)),
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
    .addArgument(new Argument('[stream]').choices(['stdout', 'stderr']).default('stdout'))
    .option('-f, --follow', 'keep printing new output')
    .option('--bytes <n>', 'how many bytes', (v) => Number.parseInt(v, 10))
    .action(
      (name: string, stream: 'stdout' | 'stderr', opts: { follow?: boolean; bytes?: number }) =>
        run(async () =>
          (await import('./tail.js')).tail(name, stream, { ...global(), ...opts }, output),
        )(),
    );

  program
    .command('scale')
    .description("change a pool's process count at runtime: crew scale payments=3")
    .argument('<pool=n...>')
    .option('--force', "above the pool's autoscale max or what the budget holds")
    .action((args: string[], opts: { force?: boolean }) =>
      run(async () => (await import('./scale.js')).scale(args, { ...global(), ...opts }, output))(),
    );

  addJobCommands(kit);

  program
    .command('reload')
    .description('re-read the config and apply only the difference (as SIGHUP)')
    .action(run(async () => (await import('./config-verbs.js')).reload(global(), output)));

  jsonCommand('history', 'the applied config versions').action(
    withOptions<{ json?: boolean }>(async (opts) =>
      (await import('./config-verbs.js')).history(opts, output),
    ),
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

  const modelOptions = (command: Command) =>
    command
      .option('--budget <size>', "the container's budget (default: crew.yaml's)")
      .option('--limit <size>', 'container memory limit, for a budget in % or auto')
      .option('--crew-memory <size>', "crew's own memory (default 20MiB)")
      .option('--other <size>', 'memory of the container beyond crew and its pools (default 0)')
      .option('--expect-memory <size>', 'per-process memory of pools without expect_memory');

  modelOptions(
    program
      .command('simulate')
      .description('replay a workload trace through the autoscaler and compare configs')
      .argument('<trace>', 'CSV or JSON Lines: time, queue, jobs, service (docs/scaling.md)')
      .option('--static <file...>', 'other configs to compare, e.g. the hand-tuned one')
      .option('--json', 'machine-readable output')
      .option('--decisions', "list every decision with the trace's time"),
  ).action((trace: string, opts: Record<string, string | string[] | boolean>) =>
    run(async () =>
      (await import('./simulate.js')).simulate(trace, { ...global(), ...opts }, output),
    )(),
  );

  modelOptions(
    program
      .command('plan')
      .description(
        'recommend min..max per pool from a trace and the budget, before and after; without --from, pm settings for fpm: pools',
      )
      .option('--from <trace>', 'the workload: CSV or JSON Lines (docs/scaling.md)')
      .option('--from-live', "take each pool's memory per process from the running daemon")
      .option('-o, --output <file>', 'write crew.yaml with the recommended ranges here')
      .option('--apply', "fpm: pools: write the pm plan into php-fpm's files and reload it"),
  ).action(
    withOptions<Record<string, string | boolean>>(async (opts) =>
      (await import('./plan.js')).plan(opts, output),
    ),
  );

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
