// `/events`: the event ring's live feed as server-sent events. A reconnecting client sends
// Last-Event-ID and gets what it missed from the ring first. Comments every heartbeatMs keep
// proxies from closing an idle stream; a client that stops reading is dropped rather than
// buffered in the daemon.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventJson } from '../control/wire/event.js';
import type { EventRing } from './event-ring.js';

export interface EventStreamOptions {
  readonly heartbeatMs: number;
  // Unsent bytes a slow client may leave queued before it is dropped.
  readonly maxBufferedBytes: number;
}

export const defaultStreamOptions: EventStreamOptions = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
};

// One event in SSE framing: its id, its type as the event name, the JSON as data.
export function formatSse(event: EventJson): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

// The id after which to replay, from Last-Event-ID or ?after=; null for live events only.
export function replayFrom(req: IncomingMessage, query: URLSearchParams): number | null {
  const raw = req.headers['last-event-id'] ?? query.get('after');
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : null;
  return id;
}

// Streams events to res until the client goes; resolves then.
export function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  ring: EventRing,
  after: number | null,
  options: EventStreamOptions = defaultStreamOptions,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // nginx buffers responses unless told otherwise.
    'x-accel-buffering': 'no',
  });
  const send = (text: string) => {
    if (res.destroyed) return;
    if (res.writableLength > options.maxBufferedBytes) {
      res.destroy();
      return;
    }
    res.write(text);
  };
  send(`retry: 3000\n: crew events, last id ${ring.lastId()}\n\n`);
  if (after !== null) for (const event of ring.recent(after)) send(formatSse(event));
  const unsubscribe = ring.subscribe((event) => send(formatSse(event)));
  const heartbeat = setInterval(() => send(': ping\n\n'), options.heartbeatMs);
  heartbeat.unref();
  return new Promise((resolve) => {
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      resolve();
    };
    // A client gone before the stream began: 'close' has already been emitted.
    if (res.destroyed) return end();
    res.once('close', end);
    req.once('error', () => res.destroy());
  });
}
