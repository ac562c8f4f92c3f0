import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CrewError } from '../errors/crew-error.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import { until } from '../supervise/test-support/fixtures.js';
import { createEventRing } from './event-ring.js';
import type { HttpAction } from './http-routes.js';
import {
  createHttpHandler,
  type HttpHandlers,
  type HttpServer,
  listenHttp,
} from './http-server.js';
import { createCrewMetrics } from './metrics.js';
import { sampleCluster, sampleOverview } from './test-support/overview-fixture.js';

const servers: HttpServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

// A server over fake handlers that record the control calls they get.
async function serve(token: string | null) {
  const events = createEmitter<CrewEvents>();
  const ring = createEventRing(events);
  const calls: [string, unknown][] = [];
  const unused = (action: HttpAction) => async () => {
    throw new Error(`${action} is not part of these tests`);
  };
  const readiness = { ready: true, problems: [] as string[] };
  const handlers: HttpHandlers = {
    overview: async () => sampleOverview(),
    cluster: async () => sampleCluster(),
    ready: async () => ({ ...readiness }),
    // Echoes the checked params: since as `at`.
    memory_history: async ({ resolution = '1s', since }) => ({
      resolution,
      at: since === undefined ? [] : [since],
      container: [],
      crew: [],
      pools: {},
      processes: {},
    }),
    async scale(params) {
      calls.push(['scale', params]);
      if (params.pool === 'nope') throw new CrewError('CREW_POOL_NOT_FOUND', 'no pool "nope"');
      return { from: 1, to: params.count === 'auto' ? 1 : params.count, pinned: false };
    },
    start: unused('start'),
    stop: unused('stop'),
    restart: unused('restart'),
    signal: unused('signal'),
    reload: unused('reload'),
    rollback: unused('rollback'),
  };
  const listener = createHttpHandler({
    token: () => token,
    handlers,
    metrics: createCrewMetrics(),
    events: ring,
    stream: { heartbeatMs: 20, maxBufferedBytes: 1024 * 1024 },
  });
  const server = await listenHttp({ host: '127.0.0.1', port: 0 }, listener);
  servers.push(server);
  const request = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  return { server, events, ring, calls, request, readiness };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('HTTP on loopback without a token', () => {
  it('serves status, metrics and history, and refuses control with 403', async () => {
    const { server, request, calls } = await serve(null);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await request('/status');
    assert.equal(status.status, 200);
    assert.equal(((await status.json()) as { pools: unknown[] }).pools.length, 2);
    const metrics = await request('/metrics');
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(await metrics.text(), /^crew_pool_shortfall_processes\{pool="payments"\} 1$/m);
    const history = await request('/history?since=5&resolution=1m');
    assert.deepEqual(await history.json(), {
      resolution: '1m',
      at: [5],
      container: [],
      crew: [],
      pools: {},
      processes: {},
    });
    assert.equal((await request('/history?resolution=1h')).status, 400);
    const control = await request('/api/scale', post({ pool: 'payments', count: 2 }));
    assert.equal(control.status, 403);
    const body = (await control.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'CREW_HTTP_DENIED');
    assert.match(body.error.message, /http\.token/);
    assert.deepEqual(calls, []);
  });

  it('serves the cluster: /scale for a container engine, /status?cluster=1, two host gauges', async () => {
    const { request } = await serve(null);
    const scale = await request('/scale');
    assert.equal(scale.status, 200);
    assert.deepEqual(await scale.json(), {
      desired_hosts: 3,
      live_hosts: 2,
      why: 'payments wants 10 processes in all, at most 4 a host: 3 hosts',
      wanted: { payments: 10 },
      wanted_bytes: 400 * 1024 ** 2,
      shared_store: true,
    });
    const plain = (await (await request('/status')).json()) as Record<string, unknown>;
    assert.equal(plain.cluster, undefined);
    const withHosts = (await (await request('/status?cluster=1')).json()) as {
      cluster: { hosts: { id: string }[] };
    };
    assert.deepEqual(
      withHosts.cluster.hosts.map((h) => h.id),
      ['aaaaaa', 'bbbbbb'],
    );
    const metrics = await (await request('/metrics')).text();
    assert.match(metrics, /^crew_desired_hosts 3$/m);
    assert.match(metrics, /^crew_cluster_hosts 2$/m);
  });

  it('answers 404 and 405 for what is not there', async () => {
    const { request } = await serve(null);
    assert.equal((await request('/nothing')).status, 404);
    assert.equal((await request('/api/shutdown', post({}))).status, 404);
    const wrongMethod = await request('/status', post({}));
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET, HEAD');
  });
});

describe('HTTP with a token', () => {
  const token = 'tests-only-token';

  it('answers the probes without it: /healthz 200, /readyz 200 or 503 with the problems', async () => {
    const { request, readiness } = await serve(token);
    const health = await request('/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
    assert.equal((await request('/readyz')).status, 200);
    readiness.ready = false;
    readiness.problems = ['critical pool payments: 1 of 2 RUNNING'];
    const unready = await request('/readyz');
    assert.equal(unready.status, 503);
    assert.deepEqual(await unready.json(), {
      ready: false,
      problems: ['critical pool payments: 1 of 2 RUNNING'],
    });
    assert.equal((await request('/readyz', { method: 'HEAD' })).status, 503);
    assert.equal((await request('/healthz', post({}))).status, 405);
  });

  it('answers 401 without the token or with a wrong one, on data and control alike', async () => {
    const { request, calls } = await serve(token);
    for (const path of ['/status', '/metrics', '/events', '/history']) {
      const missing = await request(path);
      assert.equal(missing.status, 401, path);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="crew"');
      assert.equal((await request(path, { headers: bearer('wrong') })).status, 401, path);
    }
    assert.equal((await request('/api/scale', post({ pool: 'payments', count: 2 }))).status, 401);
    const wrong = post({ pool: 'payments', count: 2 }, bearer('wrong'));
    assert.equal((await request('/api/scale', wrong)).status, 401);
    assert.deepEqual(calls, []);
  });

  it('serves data and runs control actions with the token', async () => {
    const { request, calls } = await serve(token);
    assert.equal((await request('/status', { headers: bearer(token) })).status, 200);
    const scaled = await request('/api/scale', post({ pool: 'payments', count: 2 }, bearer(token)));
    assert.equal(scaled.status, 200);
    assert.deepEqual(await scaled.json(), { from: 1, to: 2, pinned: false });
    assert.deepEqual(calls, [['scale', { pool: 'payments', count: 2 }]]);
  });

  it('maps coded errors to statuses and refuses bodies that are not JSON objects', async () => {
    const { request } = await serve(token);
    const missing = await request('/api/scale', post({ pool: 'nope', count: 1 }, bearer(token)));
    assert.equal(missing.status, 404);
    assert.equal(
      ((await missing.json()) as { error: { code: string } }).error.code,
      'CREW_POOL_NOT_FOUND',
    );
    const many = await request(
      '/api/scale',
      post({ pool: 'payments', count: 'many' }, bearer(token)),
    );
    assert.equal(many.status, 400, 'params are checked before the handler');
    const list = await request('/api/scale', post([1, 2], bearer(token)));
    assert.equal(list.status, 400);
    const huge = await request('/api/scale', post({ pad: 'x'.repeat(100_000) }, bearer(token)));
    assert.equal(huge.status, 413);
  });
});

describe('/events', () => {
  // Reads the stream until `done` says what has arrived is enough.
  async function readUntil(response: Response, done: (text: string) => boolean) {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!done(text)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += value;
    }
    return text;
  }

  it('streams live events, replays what a reconnecting client missed, and lets go of it', async () => {
    const { events, ring, request } = await serve(null);
    const scale = (to: number) =>
      events.emit('pool:scale', { pool: 'payments', from: to - 1, to, reason: 'crew scale' });
    scale(1);
    scale(2);
    const aborter = new AbortController();
    const live = await request('/events', {
      headers: { 'last-event-id': '1' },
      signal: aborter.signal,
    });
    assert.equal(live.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    await until(() => ring.listenerCount() === 1, 'the stream subscribed');
    scale(3);
    const text = await readUntil(live, (t) => t.includes('id: 3') && t.includes(': ping'));
    assert.doesNotMatch(text, /^id: 1$/m, 'the client had event 1 already');
    assert.match(text, /^id: 2\nevent: pool:scale\ndata: \{"id":2,/m);
    assert.match(text, /^id: 3\nevent: pool:scale\ndata: .*"to":3/m);
    aborter.abort();
    await until(() => ring.listenerCount() === 0, 'the closed stream unsubscribed');
  });

  it('closes open streams when the server closes', async () => {
    const { server, ring, request } = await serve(null);
    const live = await request('/events');
    await until(() => ring.listenerCount() === 1, 'the stream subscribed');
    await server.close();
    await readUntil(live, () => false).catch(() => '');
    assert.equal(ring.listenerCount(), 0);
  });
});
