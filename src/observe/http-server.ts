// crew's HTTP server on node:http (no framework: the daemon's memory is a budgeted feature).
// Routes and access rules are pure (http-routes.ts, http-auth.ts); this file only moves bytes.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatListen, type ListenAddress } from '../config/listen-address.js';
import type { ControlHandlers } from '../control/methods.js';
import { callMethod, parseParams } from '../control/params.js';
import { type CrewErrorCode, isCrewError } from '../errors/crew-error.js';
import type { EventRing } from './event-ring.js';
import { authorize } from './http-auth.js';
import { accessOf, type HttpAction, routeOf } from './http-routes.js';
import type { CrewMetrics } from './metrics.js';
import { defaultStreamOptions, type EventStreamOptions, replayFrom, streamEvents } from './sse.js';
import { sendStatic } from './static-files.js';

export type HttpHandlers = Pick<ControlHandlers, 'overview' | 'memory_history' | HttpAction>;

export interface HttpDeps {
  // Read per request, so a reload that changes the token applies at once.
  readonly token: () => string | null;
  // The observe handlers (overview, memory_history) and the control actions HTTP may call.
  readonly handlers: HttpHandlers;
  readonly metrics: CrewMetrics;
  readonly events: EventRing;
  readonly stream?: EventStreamOptions;
  // Open /events streams at most; more get 503.
  readonly maxStreams?: number;
}

const MAX_BODY_BYTES = 64 * 1024;

const statusOfCode: Partial<Record<CrewErrorCode, number>> = {
  CREW_USAGE: 400,
  CREW_BAD_SIGNAL: 400,
  CREW_CONFIG_INVALID: 422,
  CREW_CONFIG_NOT_FOUND: 422,
  CREW_PROCESS_NOT_FOUND: 404,
  CREW_POOL_NOT_FOUND: 404,
  CREW_HISTORY_NOT_FOUND: 404,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  const headers = status === 401 ? { 'www-authenticate': 'Bearer realm="crew"' } : {};
  sendJson(res, status, { error: { code, message, details: [] } }, headers);
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    // The rest of a body that is too large is read and dropped, so the 413 reaches the client.
    req.on('data', (chunk: string) => {
      if (text.length + chunk.length > MAX_BODY_BYTES) tooLarge = true;
      else text += chunk;
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) return reject(new Error('body too large'));
      try {
        const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          reject(new Error('the body must be a JSON object'));
        } else resolve(value as Record<string, unknown>);
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
  });
}

// The request listener: authorise, route, answer.
export function createHttpHandler(deps: HttpDeps): RequestListener {
  const maxStreams = deps.maxStreams ?? 32;
  let streams = 0;
  const { handlers } = deps;
  const noSink = { data: () => {}, onClose: () => {} };

  const control = async (req: IncomingMessage, res: ServerResponse, action: HttpAction) => {
    let body: Record<string, unknown>;
    try {
      body = await readBody(req);
    } catch (error) {
      const tooLarge = (error as Error).message === 'body too large';
      sendError(res, tooLarge ? 413 : 400, 'CREW_USAGE', (error as Error).message);
      return;
    }
    sendJson(res, 200, await callMethod(handlers, action, body, noSink));
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://crew.invalid');
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const auth = authorize(
      { access: accessOf(route), authorization: req.headers.authorization, host: req.headers.host },
      deps.token(),
    );
    if (!auth.ok) return sendError(res, auth.status, 'CREW_HTTP_DENIED', auth.message);
    switch (route.kind) {
      case 'static':
        return sendStatic(res, route.name);
      case 'status':
        return sendJson(res, 200, await handlers.overview({}, noSink));
      case 'history': {
        const params = parseParams('memory_history', Object.fromEntries(url.searchParams));
        return sendJson(res, 200, await handlers.memory_history(params, noSink));
      }
      case 'metrics': {
        const text = await deps.metrics.render(await handlers.overview({}, noSink));
        res.writeHead(200, {
          'content-type': deps.metrics.contentType,
          'cache-control': 'no-store',
        });
        return void res.end(text);
      }
      case 'events': {
        if (streams >= maxStreams) {
          return sendError(res, 503, 'CREW_HTTP_BUSY', `at most ${maxStreams} event streams`);
        }
        streams += 1;
        const after = replayFrom(req, url.searchParams);
        await streamEvents(req, res, deps.events, after, deps.stream ?? defaultStreamOptions);
        streams -= 1;
        return;
      }
      case 'control':
        return control(req, res, route.action);
      case 'method-not-allowed':
        res.setHeader('allow', route.allow === 'GET' ? 'GET, HEAD' : 'POST');
        return sendError(res, 405, 'CREW_USAGE', `use ${route.allow}`);
      case 'not-found':
        return sendError(res, 404, 'CREW_USAGE', `nothing at ${url.pathname}`);
    }
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (isCrewError(error)) {
        sendJson(res, statusOfCode[error.code] ?? 500, {
          error: { code: error.code, message: error.message, details: [...error.details] },
        });
      } else sendError(res, 500, 'CREW_INTERNAL', String((error as Error)?.message ?? error));
    });
  };
}

export interface HttpServer {
  // http://HOST:PORT with the port actually bound.
  readonly url: string;
  close(): Promise<void>;
}

// Listens on the address (port 0: any free one); rejects with the bind error.
export async function listenHttp(
  address: ListenAddress,
  listener: RequestListener,
): Promise<HttpServer> {
  const server = createServer(listener);
  // Long-lived /events streams carry their own heartbeat; idle keep-alive sockets need not stay.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${formatListen({ host: address.host, port: bound.port })}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
