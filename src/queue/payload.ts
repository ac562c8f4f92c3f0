// Job payloads in Laravel's JSON shape (uuid, displayName, job, data, maxTries, backoff,
// timeout), so a Laravel reader of the same table sees familiar rows. `job` is the handler name.
// Decoding never throws: a payload crew cannot run is reported as data and goes to failed_jobs.
import { randomUUID } from 'node:crypto';

export interface JobOptions {
  // Milliseconds before the job may run (rounded up to whole seconds: never early).
  readonly delayMs?: number;
  // Attempts in all, the first included (Laravel's maxTries). Default: the pool's.
  readonly tries?: number;
  // Seconds to wait before each retry; the last value repeats (Laravel's backoff).
  readonly backoff?: readonly number[];
  // Milliseconds a run may take before its AbortSignal fires. Default: the pool's.
  readonly timeoutMs?: number;
}

export interface JobPayload {
  readonly uuid: string;
  readonly displayName: string;
  readonly job: string;
  readonly data: unknown;
  readonly maxTries: number | null;
  // Laravel writes it as "10,30,60".
  readonly backoff: string | null;
  // Seconds (fractions allowed).
  readonly timeout: number | null;
  readonly pushedAt: string;
}

export function encodePayload(name: string, data: unknown, options: JobOptions, now: number) {
  const payload: JobPayload = {
    uuid: randomUUID(),
    displayName: name,
    job: name,
    data: data === undefined ? null : data,
    maxTries: options.tries ?? null,
    backoff: options.backoff && options.backoff.length > 0 ? options.backoff.join(',') : null,
    timeout: options.timeoutMs === undefined ? null : options.timeoutMs / 1000,
    pushedAt: (now / 1000).toFixed(4),
  };
  return JSON.stringify(payload);
}

export interface DecodedJob {
  readonly uuid: string | null;
  readonly name: string;
  readonly data: unknown;
  readonly tries: number | null;
  readonly backoffSec: readonly number[] | null;
  readonly timeoutMs: number | null;
}

export type DecodeResult =
  | { readonly ok: true; readonly job: DecodedJob }
  | { readonly ok: false; readonly problem: string; readonly uuid: string | null };

const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

function backoffOf(v: unknown): number[] | null | undefined {
  if (v === null || v === undefined) return null;
  const parts = typeof v === 'number' ? [v] : typeof v === 'string' ? v.split(',') : null;
  if (parts === null) return undefined;
  const numbers = parts.map((p) => (typeof p === 'number' ? p : Number(String(p).trim())));
  return numbers.every((n) => Number.isFinite(n) && n >= 0) ? numbers : undefined;
}

// Reads a stored payload; anything malformed comes back as a problem to record, not a throw.
export function decodePayload(text: string): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `payload is not JSON: ${(error as Error).message}`, uuid: null };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: 'payload is not a JSON object', uuid: null };
  }
  const p = raw as Record<string, unknown>;
  const uuid = typeof p.uuid === 'string' ? p.uuid : null;
  const bad = (problem: string): DecodeResult => ({ ok: false, problem, uuid });
  if (typeof p.job !== 'string' || p.job.length === 0) return bad('payload has no job name');
  if (p.maxTries != null && !(positive(p.maxTries) && Number.isInteger(p.maxTries)))
    return bad(
      `payload maxTries must be a whole number above 0, got ${JSON.stringify(p.maxTries)}`,
    );
  if (p.timeout != null && !positive(p.timeout))
    return bad(
      `payload timeout must be a number of seconds above 0, got ${JSON.stringify(p.timeout)}`,
    );
  const backoffSec = backoffOf(p.backoff);
  if (backoffSec === undefined)
    return bad(`payload backoff must be seconds like "10,30,60", got ${JSON.stringify(p.backoff)}`);
  return {
    ok: true,
    job: {
      uuid,
      name: p.job,
      data: p.data ?? null,
      tries: (p.maxTries as number | null | undefined) ?? null,
      backoffSec,
      timeoutMs: p.timeout == null ? null : Math.round((p.timeout as number) * 1000),
    },
  };
}

// Laravel's available_at for a job added at `now` with a delay: whole seconds, rounded up so a
// job is never claimed before its delay has passed.
export function availableAtSec(now: number, delayMs = 0): number {
  return delayMs > 0 ? Math.ceil((now + delayMs) / 1000) : Math.floor(now / 1000);
}

// The payload's uuid, whatever else is wrong with it (null when it has none).
export function payloadUuid(text: string): string | null {
  const decoded = decodePayload(text);
  return decoded.ok ? decoded.job.uuid : decoded.uuid;
}
