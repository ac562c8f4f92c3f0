// Run-time checks of each method's params, which arrive from outside (the socket, HTTP bodies
// and query strings): one parser per method, so a handler only ever sees params of its type.

import { MAX_PROCESSES } from '../config/limits.js';
import { isSignalName } from '../config/signals.js';
import { CrewError } from '../errors/crew-error.js';
import type { DataOf, Handler, MethodName, ParamsOf, ResultOf, StreamSink } from './methods.js';

type Raw = Readonly<Record<string, unknown>>;

const usage = (message: string) => new CrewError('CREW_USAGE', message);

function text(raw: Raw, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw usage(`"${key}" must be a non-empty string`);
  }
  return value;
}

function wholeNumber(raw: Raw, key: string, min: number): number {
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw usage(`"${key}" must be a whole number, ${min} or more`);
  }
  return value;
}

function signal(raw: Raw): ParamsOf<'signal'> {
  const name = text(raw, 'signal');
  if (!isSignalName(name)) {
    throw new CrewError('CREW_BAD_SIGNAL', `unknown signal "${name}"`, [
      'use a name such as TERM, HUP, USR1, USR2',
    ]);
  }
  return { selector: text(raw, 'selector'), signal: name };
}

function scale(raw: Raw): ParamsOf<'scale'> {
  const pool = text(raw, 'pool');
  if (raw.count === 'auto') return { pool, count: 'auto' };
  if (typeof raw.count !== 'number' || !Number.isInteger(raw.count) || raw.count < 0) {
    throw usage('count must be a whole number of processes, 0 or more, or auto');
  }
  // The same ceiling as crew.yaml's `processes:` (a typo must not fork thousands).
  if (raw.count > MAX_PROCESSES) {
    throw usage(`count must be at most ${MAX_PROCESSES} (crew.yaml's limit for a pool)`);
  }
  return { pool, count: raw.count };
}

function tail(raw: Raw): ParamsOf<'tail'> {
  const stream = raw.stream ?? 'stdout';
  if (stream !== 'stdout' && stream !== 'stderr') throw usage('stream must be stdout or stderr');
  if (raw.follow !== undefined && typeof raw.follow !== 'boolean') {
    throw usage('follow must be true or false');
  }
  return {
    name: text(raw, 'name'),
    stream,
    ...(raw.bytes === undefined ? {} : { bytes: wholeNumber(raw, 'bytes', 1) }),
    ...(raw.follow === undefined ? {} : { follow: raw.follow }),
  };
}

// HTTP query strings carry `since` as text.
function memoryHistory(raw: Raw): ParamsOf<'memory_history'> {
  const resolution = raw.resolution ?? '1s';
  if (resolution !== '1s' && resolution !== '1m') {
    throw usage(`resolution must be 1s or 1m, got "${String(resolution)}"`);
  }
  const since = raw.since;
  if (since === undefined || since === null) return { resolution };
  const sinceMs = typeof since === 'string' && since.trim() !== '' ? Number(since) : since;
  if (typeof sinceMs !== 'number' || !Number.isFinite(sinceMs)) {
    throw usage('since must be a time in milliseconds since the epoch');
  }
  return { resolution, since: sinceMs };
}

const none = (): Record<string, never> => ({});
const selected = (raw: Raw) => ({ selector: text(raw, 'selector') });

const parsers: { readonly [M in MethodName]: (raw: Raw) => ParamsOf<M> } = {
  status: (raw) => (raw.selector === undefined ? {} : { selector: text(raw, 'selector') }),
  start: selected,
  stop: selected,
  restart: selected,
  signal,
  scale,
  tail,
  stats: none,
  reload: none,
  history: none,
  rollback: (raw) =>
    raw.version === undefined || raw.version === null
      ? {}
      : { version: wholeNumber(raw, 'version', 1) },
  shutdown: none,
  queues: none,
  overview: none,
  ready: none,
  cluster: none,
  fpm_plan: none,
  memory_history: memoryHistory,
};

// True for a method the daemon answers.
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(parsers, name);
}

// The params checked for the method; a CREW_USAGE (or CREW_BAD_SIGNAL) error names what is wrong.
export function parseParams<M extends MethodName>(method: M, raw: unknown): ParamsOf<M> {
  const params = raw ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw usage(`the params of ${method} must be a JSON object`);
  }
  return parsers[method](params as Raw);
}

// Checks the params and runs the method's handler.
export async function callMethod<M extends MethodName>(
  handlers: { readonly [K in M]: Handler<K> },
  method: M,
  raw: unknown,
  sink: StreamSink<DataOf<M>>,
): Promise<ResultOf<M>> {
  return handlers[method](parseParams(method, raw), sink);
}
