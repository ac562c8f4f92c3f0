// The job-store commands: queues, enqueue and failed (list, retry, flush).
import type { CommandKit } from './program-kit.js';

// Adds the job-store commands to the kit's program.
export function addJobCommands({
  program,
  output,
  global,
  run,
  jsonCommand,
  withOptions,
}: CommandKit): void {
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
    .description('jobs that used all their tries (Laravel’s queue:failed, retry, flush)')
    // Also before the verb (`crew failed --store URL retry 1`), as supervisorctl users type it.
    .option('--store <url>', 'sqlite:PATH or postgres://…');
  // The verb's own options win over the ones given before it.
  const withStore = <T extends object>(opts: T): T => ({ ...failed.opts(), ...opts });
  failed
    .command('list', { isDefault: true })
    .description('the latest failed jobs with their error')
    .option('--queue <name>', 'only this queue')
    .option('--limit <n>', 'at most this many', '50')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .option('--json', 'machine-readable output, payloads and stacks included')
    .action(
      withOptions<Record<string, string>>(async (opts) =>
        (await import('./failed.js')).failedList(withStore(opts), output),
      ),
    );
  failed
    .command('retry')
    .description('push failed jobs back onto their queues')
    .argument('<ids...>', 'failed job ids, or all')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .action((ids: string[], opts: Record<string, string>) =>
      run(async () =>
        (await import('./failed.js')).failedRetry(ids, { ...global(), ...withStore(opts) }, output),
      )(),
    );
  failed
    .command('flush')
    .description('delete failed jobs')
    .option('--hours <n>', 'only those that failed more than N hours ago')
    .option('--store <url>', 'sqlite:PATH or postgres://…')
    .action(
      withOptions<Record<string, string>>(async (opts) =>
        (await import('./failed.js')).failedFlush(withStore(opts), output),
      ),
    );
}
