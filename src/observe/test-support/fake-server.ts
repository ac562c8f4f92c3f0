// An HTTP server over handlers that record the control calls they get, for tests of what the
// server itself does (limits, refusals); every server is closed after the file's tests.
import { after } from 'node:test';
import type { CrewEvents } from '../../events/crew-events.js';
import { createEmitter } from '../../events/typed-emitter.js';
import { createEventRing } from '../event-ring.js';
import type { HttpAction } from '../http-routes.js';
import {
  createHttpHandler,
  type HttpDeps,
  type HttpHandlers,
  type HttpServer,
  listenHttp,
} from '../http-server.js';
import { createCrewMetrics } from '../metrics.js';
import { sampleCluster, sampleOverview } from './overview-fixture.js';

const servers: HttpServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

// Starts a server on a free loopback port.
export async function serveFake(token: string | null, options: Partial<HttpDeps> = {}) {
  const events = createEmitter<CrewEvents>();
  const ring = createEventRing(events);
  const calls: [string, unknown][] = [];
  const record = (action: HttpAction) => async (params: unknown) => {
    calls.push([action, params]);
    return { processes: [] };
  };
  const handlers: HttpHandlers = {
    overview: async () => sampleOverview(),
    cluster: async () => sampleCluster(),
    ready: async () => ({ ready: true, problems: [] }),
    memory_history: async () => ({
      resolution: '1s',
      at: [],
      container: [],
      crew: [],
      pools: {},
      processes: {},
    }),
    scale: async (params) => {
      calls.push(['scale', params]);
      return { from: 1, to: 2, pinned: false };
    },
    start: record('start'),
    stop: record('stop'),
    restart: record('restart'),
    signal: record('signal'),
    reload: async () => ({ version: null, changes: [] }),
    rollback: async () => ({ version: null, changes: [] }),
  };
  const handler = createHttpHandler({
    token: () => token,
    handlers,
    metrics: createCrewMetrics(),
    events: ring,
    ...options,
  });
  const server = await listenHttp({ host: '127.0.0.1', port: 0 }, handler);
  servers.push(server);
  return { server, url: server.url, handler, events, ring, calls };
}
