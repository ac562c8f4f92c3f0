// JSON answers of the HTTP server: bodies, errors in crew's `{"error": {code, message, details}}`
// shape, and the status each coded error is answered with.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type CrewErrorCode, isCrewError } from '../errors/crew-error.js';

const statusOfCode: Partial<Record<CrewErrorCode, number>> = {
  CREW_USAGE: 400,
  CREW_BAD_SIGNAL: 400,
  CREW_CONFIG_INVALID: 422,
  CREW_CONFIG_NOT_FOUND: 422,
  CREW_PROCESS_NOT_FOUND: 404,
  CREW_POOL_NOT_FOUND: 404,
  CREW_HISTORY_NOT_FOUND: 404,
};

// Sends body as JSON, never cached.
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export interface ErrorReply {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: readonly string[];
  readonly headers?: OutgoingHttpHeaders;
}

// Sends an error; a 401 says which scheme to use.
export function sendError(res: ServerResponse, reply: ErrorReply): void {
  const { status, code, message, details = [] } = reply;
  const challenge = status === 401 ? { 'www-authenticate': 'Bearer realm="crew"' } : {};
  sendJson(res, status, { error: { code, message, details } }, { ...challenge, ...reply.headers });
}

// Answers what a handler threw: a coded error with its status, anything else as a 500.
export function sendThrown(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
  } else if (isCrewError(error)) {
    const status = statusOfCode[error.code] ?? 500;
    const { code, message, details } = error;
    sendError(res, { status, code, message, details });
  } else {
    const message = String((error as Error)?.message ?? error);
    sendError(res, { status: 500, code: 'CREW_INTERNAL', message });
  }
}
