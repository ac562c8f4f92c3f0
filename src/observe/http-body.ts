// The JSON body of a control POST, read up to a cap. A body declared larger than the cap is
// refused before a byte of it is read; one that grows past it (chunked, or a lying
// Content-Length) stops being read at the cap. Either way the answer is a 413 and the connection
// is closed after it, so the daemon never buffers or drains an unbounded body.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyOutcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

const tooLarge = (maxBytes: number): BodyOutcome => ({
  ok: false,
  status: 413,
  message: `the body is larger than ${maxBytes / 1024} KiB`,
});

// The body as a JSON object (empty: {}), or why it is refused (pure).
export function parseBody(text: string): BodyOutcome {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'the body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, message: 'the body must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

// Reads the request's body, at most maxBytes of it.
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(tooLarge(maxBytes));
    };
    req.on('data', onData);
    req.once('error', () => resolve({ ok: false, status: 400, message: 'the body was cut off' }));
    req.once('end', () => resolve(parseBody(Buffer.concat(chunks).toString('utf8'))));
  });
}
