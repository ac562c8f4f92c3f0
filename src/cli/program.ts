// The commands and their options (commander). Each command's module is loaded only when it runs,
// so `crew status` starts fast; `crew up` does not even load this file (see main.ts).
import { Argument, Command } from 'commander';
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
  const jsonCommand = (name: string, description: string) =>
    program.command(name).description(description).option('--json', 'machine-readable output');
  // The action of a command that takes only options: they reach it merged with the global ones.
  const withOptions =
    <O extends object>(fn: (opts: Options & O) => Promise<number>) =>
    (opts: O) =>
      run(() => fn({ ...global(), ...opts }))();

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
    .action((names: string[], opts: { json?: boolean; wide?: boolean; events?: boolean }) =>
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
    .action((args: string[]) =>
      run(async () => (await import('./scale.js')).scale(args, global(), output))(),
    );

  jsonCommand('queues', 'each queue: ready, delayed, reserved, failed, oldest wait, rates').action(
    withOptions<{ json?: boolean }>(async (opts) =>
      (await import('./queues.js')).queues(opts, output),
    ),
  );

  program
    .command('enqueue')
    .description("add a job to crew's store: crew enqueue payments record-payment '{\"order\":42}'")
    .argument('<queue>')
    .argument('<job>', 'the handler name')
    .argument('[json]', 'the job data as JSON')
    .option('--delay <duration>', 'run no earlier than this from now (5s, 1m)')
    .option('--tries <n>', 'attempts in all (default: the pool’s tries)')
    .option('--backoff <seconds>', 'waits before each retry, e.g. 10,30,60')
    .option('--timeout <duration>', 'abort the run after this long')
    .option('--count <n>', 'add this many identical jobs', '1')
    .option('--store <url>', 'sqlite:PATH or postgres://… (default: crew.yaml’s store)')
    .option('--json', 'print the new ids as JSON')
    .action((queue: string, job: string, json: string | undefined, opts: Record<string, string>) =>
      run(async () =>
        (await import('./enqueue.js')).enqueue(queue, job, json, { ...global(), ...opts }, output),
      )(),
    );

  const failed = program
    .command('failed')
    .description('jobs that used all their tries (Laravel’s queue:failed, retry, flush)');
  failed
    .command('list', { isDefault: true })
    .description('the latest failed jobs with their error')
    .option('--queue <name>', 'only this queue')
    .option('--limit <n>', 'at most this many', '50')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .option('--json', 'machine-readable output, payloads and stacks included')
    .action(
      withOptions<Record<string, string>>(async (opts) =>
        (await import('./failed.js')).failedList(opts, output),
      ),
    );
  failed
    .command('retry')
    .description('push failed jobs back onto their queues')
    .argument('<ids...>', 'failed job ids, or all')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .action((ids: string[], opts: Record<string, string>) =>
      run(async () =>
        (await import('./failed.js')).failedRetry(ids, { ...global(), ...opts }, output),
      )(),
    );
  failed
    .command('flush')
    .description('delete failed jobs')
    .option('--hours <n>', 'only those that failed more than N hours ago')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .action(
      withOptions<Record<string, string>>(async (opts) =>
        (await import('./failed.js')).failedFlush(opts, output),
      ),
    );

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
      .description('recommend min..max per pool from a trace and the budget, before and after')
      .option('--from <trace>', 'the workload: CSV or JSON Lines (docs/scaling.md)')
      .option('--from-live', "take each pool's memory per process from the running daemon")
      .option('-o, --output <file>', 'write crew.yaml with the recommended ranges here'),
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
