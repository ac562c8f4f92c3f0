// `crew enqueue QUEUE JOB [JSON] [--delay 5s] [--tries N] [--backoff 10,30,60] [--timeout 30s]
// [--count N]`: adds jobs to crew's store, as the producer API does.
import { parseDurationMs } from '../config/units.js';
import { CrewError } from '../errors/crew-error.js';
import { queueOn } from '../queue/producer.js';
import { flagValue } from './flag-value.js';
import type { Output } from './output.js';
import { type StoreOptions, withStore } from './store-of.js';

export interface EnqueueOptions extends StoreOptions {
  readonly delay?: string;
  readonly tries?: string;
  readonly backoff?: string;
  readonly timeout?: string;
  readonly count?: string;
  readonly json?: boolean;
}

function whole(text: string | undefined, what: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new CrewError(
      'CREW_USAGE',
      `${what} must be a whole number of at least ${min}, got "${text}"`,
    );
  return n;
}

const duration = (text: string | undefined, flag: string) => flagValue(text, flag, parseDurationMs);

export function parseJobData(json: string | undefined): unknown {
  if (json === undefined) return null;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new CrewError('CREW_USAGE', `the job data is not JSON: ${(error as Error).message}`, [
      `quote it for the shell, e.g. '{"order": 42}'`,
    ]);
  }
}

export async function enqueue(
  queue: string,
  job: string,
  json: string | undefined,
  options: EnqueueOptions,
  output: Output,
): Promise<number> {
  const data = parseJobData(json);
  const backoff = options.backoff?.split(',').map((part) => {
    const ms = duration(part.trim(), '--backoff');
    return (ms ?? 0) / 1000;
  });
  const jobOptions = {
    delayMs: duration(options.delay, '--delay'),
    tries: whole(options.tries, '--tries', 1),
    backoff,
    timeoutMs: duration(options.timeout, '--timeout'),
  };
  const count = whole(options.count, '--count', 1) ?? 1;
  const ids = await withStore(options, (store) =>
    queueOn(store).addBulk(
      Array.from({ length: count }, () => ({ queue, name: job, data, options: jobOptions })),
    ),
  );
  if (options.json) output.out(JSON.stringify({ queue, job, ids }));
  else if (ids.length === 1) output.out(`queued ${job} on ${queue} as #${ids[0]}`);
  else output.out(`queued ${ids.length} × ${job} on ${queue} as #${ids[0]}–#${ids.at(-1)}`);
  return 0;
}
