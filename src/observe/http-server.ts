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
import type { HttpConfig } from '../config/types.js';
import type { ControlHandlers } from '../control/methods.js';
import { callMethod, parseParams } from '../control/params.js';
import type { EventRing } from './event-ring.js';
import { authorize } from './http-auth.js';
import { readBody } from './http-body.js';
import { sendError, sendJson, sendThrown } from './http-reply.js';
import { accessOf, type HttpAction, routeOf, targetOf } from './http-routes.js';
import type { CrewMetrics } from './metrics.js';
import { defaultStreamOptions, type EventStreamOptions, replayFrom, streamEvents } from './sse.js';
import { sendStatic } from './static-files.js';

export type HttpHandlers = Pick<
  ControlHandlers,
  'overview' | 'memory_history' | 'ready' | 'cluster' | HttpAction
>;

// Open /events streams at most when `http.event_streams` is not set.
export const DEFAULT_EVENT_STREAMS = 32;
// What a client refused a stream is told to wait before trying again, in seconds.
const BUSY_RETRY_AFTER_S = 30;

export interface HttpDeps {
  // Read per request, so a reload that changes the token applies at once.
  readonly token: () => string | null;
  // The observe handlers (overview, memory_history) and the control actions HTTP may call.
  readonly handlers: HttpHandlers;
  readonly metrics: CrewMetrics;
  readonly events: EventRing;
  readonly stream?: EventStreamOptions;
  // Open /events streams at most until configure() says otherwise; more get 503.
  readonly maxStreams?: number;
}

// The request listener, and what it takes from each applied config (http.event_streams).
export interface HttpHandler extends RequestListener {
  configure(http: HttpConfig | null): void;
  // /events streams open now (tests check that closed ones were counted out).
  openStreams(): number;
}

// The request listener: authorise, route, answer.
export function createHttpHandler(deps: HttpDeps): HttpHandler {
  let maxStreams = deps.maxStreams ?? DEFAULT_EVENT_STREAMS;
  let streams = 0;
  const { handlers } = deps;
  const noSink = { data: () => {}, onClose: () => {} };

  const control = async (req: IncomingMessage, res: ServerResponse, action: HttpAction) => {
    const body = await readBody(req);
    if (!body.ok) {
      // The rest of a refused body is not read: the connection closes after the answer.
      const headers = body.status === 413 ? { connection: 'close' } : {};
      return sendError(res, {
        status: body.status,
        code: 'CREW_USAGE',
        message: body.message,
        headers,
      });
    }
    sendJson(res, 200, await callMethod(handlers, action, body.value, noSink));
  };

  const events = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => {
    if (streams >= maxStreams) {
      const limit = `${maxStreams} event streams are open, the most http.event_streams allows`;
      return sendError(res, {
        status: 503,
        code: 'CREW_HTTP_BUSY',
        message: `${limit}; close one (each dashboard tab holds one) or raise http.event_streams in crew.yaml`,
        details: [`limit: ${maxStreams}`, 'setting: http.event_streams'],
        headers: { 'retry-after': String(BUSY_RETRY_AFTER_S) },
      });
    }
    streams += 1;
    try {
      const after = replayFrom(req, query);
      await streamEvents(req, res, deps.events, after, deps.stream ?? defaultStreamOptions);
    } finally {
      streams -= 1;
    }
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const target = targetOf(req.url ?? '');
    if (target === null) {
      return sendError(res, {
        status: 400,
        code: 'CREW_USAGE',
        message: 'the request target must be a path',
      });
    }
    const route = routeOf(req.method ?? 'GET', target.path);
    const auth = authorize(
      { access: accessOf(route), authorization: req.headers.authorization, host: req.headers.host },
      deps.token(),
    );
    if (!auth.ok) {
      // A refused request's body is not read: the connection closes after the answer.
      const body = req.headers['content-length'] ?? req.headers['transfer-encoding'];
      const headers = body === undefined || body === '0' ? {} : { connection: 'close' };
      return sendError(res, {
        status: auth.status,
        code: 'CREW_HTTP_DENIED',
        message: auth.message,
        headers,
      });
    }
    switch (route.kind) {
      case 'static':
        return sendStatic(res, route.name);
      case 'status': {
        const overview = await handlers.overview({}, noSink);
        if (target.query.get('cluster') !== '1') return sendJson(res, 200, overview);
        return sendJson(res, 200, { ...overview, cluster: await handlers.cluster({}, noSink) });
      }
      case 'scale': {
        const { me: _me, hosts: _hosts, ...signal } = await handlers.cluster({}, noSink);
        return sendJson(res, 200, signal);
      }
      case 'history': {
        const params = parseParams('memory_history', Object.fromEntries(target.query));
        return sendJson(res, 200, await handlers.memory_history(params, noSink));
      }
      case 'metrics': {
        const [overview, cluster] = await Promise.all([
          handlers.overview({}, noSink),
          handlers.cluster({}, noSink),
        ]);
        const text = await deps.metrics.render(overview, cluster);
        res.writeHead(200, {
          'content-type': deps.metrics.contentType,
          'cache-control': 'no-store',
        });
        return void res.end(text);
      }
      case 'events':
        return events(req, res, target.query);
      case 'healthz':
        return sendJson(res, 200, { ok: true });
      case 'readyz': {
        const ready = await handlers.ready({}, noSink);
        return sendJson(res, ready.ready ? 200 : 503, ready);
      }
      case 'control':
        return control(req, res, route.action);
      case 'method-not-allowed':
        res.setHeader('allow', route.allow === 'GET' ? 'GET, HEAD' : 'POST');
        return sendError(res, { status: 405, code: 'CREW_USAGE', message: `use ${route.allow}` });
      case 'not-found':
        return sendError(res, {
          status: 404,
          code: 'CREW_USAGE',
          message: `nothing at ${target.path}`,
        });
    }
  };

  const listener: RequestListener = (req, res) => {
    serve(req, res).catch((error: unknown) => sendThrown(res, error));
  };
  return Object.assign(listener, {
    configure(http: HttpConfig | null) {
      maxStreams = http?.eventStreams ?? deps.maxStreams ?? DEFAULT_EVENT_STREAMS;
    },
    openStreams: () => streams,
  });
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
  // A client that trickles its request (a slow-loris) is cut off: every request crew takes is
  // small. Streams are unaffected: these bound receiving the request, not the answer.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
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
