// php-fpm's status page and ping, read straight from the pool's `listen` socket or port. Both
// resolve with a reading or a failure that says why (never reject), so a poller can show "FPM
// does not answer: ..." and carry on.
import { fetchFpm } from './fetch.js';
import { type FpmFailure, type FpmResponse, fpmFailure } from './fetch-result.js';
import { parseFpmStatusJson } from './status-json.js';
import { parseFpmStatusText } from './status-text.js';
import type { FpmStatus } from './status-types.js';

export interface ReadFpmStatusOptions {
  readonly listen: string;
  // The pool's pm.status_path; `/status` by default.
  readonly path?: string;
  // With each child's entry (`full`); true by default.
  readonly full?: boolean;
  // For the whole reading; 3 s by default.
  readonly timeoutMs?: number;
}

export type FpmStatusResult =
  | { readonly ok: true; readonly status: FpmStatus; readonly durationMs: number }
  | FpmFailure;

const DEFAULT_TIMEOUT_MS = 3000;

function unexpected(response: FpmResponse, path: string, why: string): FpmFailure {
  const said = `${response.statusCode} ${response.statusText}`.trim();
  return fpmFailure('unexpected-reply', `php-fpm answered ${path} with ${said}: ${why}`);
}

// Reads the status page as JSON; a page that is not valid JSON (an older FPM's unescaped URIs)
// is read again in the text format, within the same deadline.
export async function readFpmStatus(options: ReadFpmStatusOptions): Promise<FpmStatusResult> {
  const path = options.path ?? '/status';
  const full = options.full ?? true;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedMs = performance.now();
  const json = await fetchFpm({
    listen: options.listen,
    path,
    query: full ? 'json&full' : 'json',
    timeoutMs,
  });
  if (!json.ok) return json;
  const type = json.headers['content-type'] ?? '';
  if (json.statusCode !== 200 || !type.includes('json')) {
    const body = JSON.stringify(json.body.slice(0, 80));
    return unexpected(json, path, `${type || 'no content type'}, ${body}: not the status page`);
  }
  const status = parseFpmStatusJson(json.body);
  if (typeof status !== 'string') return { ok: true, status, durationMs: json.durationMs };
  const leftMs = Math.max(1, timeoutMs - (performance.now() - startedMs));
  const text = await fetchFpm({
    listen: options.listen,
    path,
    query: full ? 'full' : '',
    timeoutMs: leftMs,
  });
  if (!text.ok) return text;
  const fromText = text.statusCode === 200 ? parseFpmStatusText(text.body) : status;
  if (typeof fromText === 'string') return unexpected(json, path, status);
  return { ok: true, status: fromText, durationMs: performance.now() - startedMs };
}

export interface PingFpmOptions {
  readonly listen: string;
  // The pool's ping.path; `/ping` by default.
  readonly path?: string;
  // The pool's ping.response; `pong` by default.
  readonly expect?: string;
  readonly timeoutMs?: number;
}

export type FpmPingResult = { readonly ok: true; readonly durationMs: number } | FpmFailure;

// Asks the pool's ping page; ok when it answers 200 with ping.response.
export async function pingFpm(options: PingFpmOptions): Promise<FpmPingResult> {
  const path = options.path ?? '/ping';
  const expect = options.expect ?? 'pong';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await fetchFpm({ listen: options.listen, path, timeoutMs });
  if (!response.ok) return response;
  if (response.statusCode !== 200 || response.body.trim() !== expect) {
    const body = JSON.stringify(response.body.slice(0, 80));
    return unexpected(response, path, `${body}, not ping.response ${JSON.stringify(expect)}`);
  }
  return { ok: true, durationMs: response.durationMs };
}
