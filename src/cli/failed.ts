// `crew failed list | retry ID...|all | flush`, as Laravel's queue:failed, queue:retry and
// queue:flush, on crew's store.
import { CrewError } from '../errors/crew-error.js';
import type { Output } from './output.js';
import { type StoreOptions, withStore } from './store-of.js';
import { formatTable } from './table.js';

export interface FailedListOptions extends StoreOptions {
  readonly queue?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

const firstLine = (text: string) => text.split('\n')[0] ?? '';

function jobName(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { displayName?: unknown; job?: unknown };
    return String(parsed.displayName ?? parsed.job ?? '?');
  } catch {
    return '(unreadable payload)';
  }
}

export async function failedList(options: FailedListOptions, output: Output): Promise<number> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CrewError(
      'CREW_USAGE',
      `--limit must be a whole number above 0, got "${options.limit}"`,
    );
  const rows = await withStore(options, (store) =>
    store.failedList({ limit, queue: options.queue }),
  );
  if (options.json) {
    const { failedJobJson } = await import('../control/wire/queue.js');
    output.out(JSON.stringify({ failed: rows.map(failedJobJson) }, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    output.out('No failed jobs.');
    return 0;
  }
  const table = [
    ['ID', 'FAILED AT', 'QUEUE', 'JOB', 'EXCEPTION'],
    ...rows.map((row) => [
      String(row.id),
      row.failedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
      row.queue,
      jobName(row.payload),
      firstLine(row.exception).slice(0, 80),
    ]),
  ];
  for (const line of formatTable(table, new Set([0]))) output.out(line);
  return 0;
}

export async function failedRetry(
  ids: readonly string[],
  options: StoreOptions,
  output: Output,
): Promise<number> {
  if (ids.length === 0)
    throw new CrewError('CREW_USAGE', 'name failed job ids, or all', [
      '`crew failed list` shows them',
    ]);
  const all = ids.length === 1 && ids[0] === 'all';
  const numbers = all
    ? 'all'
    : ids.map((id) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n < 1)
          throw new CrewError('CREW_USAGE', `"${id}" is not a failed job id`);
        return n;
      });
  const retried = await withStore(options, (store) => store.failedRetry(numbers, Date.now()));
  if (numbers !== 'all') {
    const missing = numbers.filter((n) => !retried.includes(n));
    for (const id of retried) output.out(`pushed failed job #${id} back onto its queue`);
    if (missing.length > 0) {
      throw new CrewError('CREW_JOB_NOT_FOUND', `no failed job with id ${missing.join(', ')}`, [
        '`crew failed list` shows the ids',
      ]);
    }
    return 0;
  }
  output.out(
    retried.length === 0
      ? 'No failed jobs to retry.'
      : `pushed ${retried.length} failed job(s) back onto their queues`,
  );
  return 0;
}

export async function failedFlush(
  options: StoreOptions & { hours?: string },
  output: Output,
): Promise<number> {
  const hours = options.hours === undefined ? undefined : Number(options.hours);
  if (hours !== undefined && !(hours > 0))
    throw new CrewError('CREW_USAGE', `--hours must be a number above 0, got "${options.hours}"`);
  const before = hours === undefined ? undefined : Date.now() - hours * 3_600_000;
  const n = await withStore(options, (store) => store.failedFlush(before));
  output.out(`deleted ${n} failed job(s)${hours === undefined ? '' : ` older than ${hours} h`}`);
  return 0;
}
