// /events under load: the `http.event_streams` limit (from crew.yaml, 503 past it, saying the
// limit and the setting), and clients that leave, cleanly or by vanishing, leaving nothing behind.
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../config/load.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import { until } from '../supervise/test-support/fixtures.js';
import { createEventRing } from './event-ring.js';
import { DEFAULT_EVENT_STREAMS } from './http-server.js';
import { streamEvents } from './sse.js';
import { serveFake } from './test-support/fake-server.js';
import { connectTo, rawGet } from './test-support/raw-http.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-event-streams-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function load(http: string) {
  const file = join(dir, 'crew.yaml');
  writeFileSync(file, `pools:\n  a: { command: x }\nhttp:\n${http}`);
  return loadConfig(file, {});
}

// Opens a stream over a raw socket and waits for its first bytes.
async function openStream(url: string): Promise<{ socket: Socket; head: string }> {
  const socket = await connectTo(url);
  socket.on('error', () => {});
  socket.write(`GET /events HTTP/1.1\r\nHost: ${new URL(url).host}\r\n\r\n`);
  const head = await new Promise<string>((resolve) => socket.once('data', (b) => resolve(`${b}`)));
  return { socket, head };
}

describe('http.event_streams', () => {
  it('is read from crew.yaml, absent unless written, and checked', () => {
    assert.equal(load('  event_streams: 5\n').config?.http?.eventStreams, 5);
    assert.equal(load('  listen: 127.0.0.1:0\n').config?.http?.eventStreams, undefined);
    for (const bad of ['0', '1.5', 'many', '5000']) {
      const { errors } = load(`  event_streams: ${bad}\n`);
      assert.equal(errors.length, 1, bad);
      const { line, path, message } = errors[0]!;
      assert.deepEqual([line, path], [4, 'http.event_streams'], bad);
      assert.match(
        message,
        new RegExp(`from 1 to 1000, got .*${bad}|at (least|most) .*got ${bad}`),
      );
    }
  });

  it('past the limit /events answers 503, saying the limit, the setting and when to retry', async () => {
    const { url, handler } = await serveFake(null);
    handler.configure({ host: '127.0.0.1', port: 0, token: null, eventStreams: 2 });
    const open = [await openStream(url), await openStream(url)];
    assert.match(open[1]!.head, /^HTTP\/1\.1 200/);
    const busy = await rawGet(url, '/events');
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], '30');
    const { error } = JSON.parse(busy.body) as { error: { code: string; message: string } };
    assert.equal(error.code, 'CREW_HTTP_BUSY');
    assert.match(error.message, /^2 event streams are open.*http\.event_streams in crew\.yaml/);
    open[0]!.socket.destroy();
    await until(() => handler.openStreams() === 1, 'the closed stream was counted out');
    const again = await openStream(url);
    assert.match(again.head, /^HTTP\/1\.1 200/);
    for (const { socket } of [open[1]!, again]) socket.destroy();
    // Without the setting (http: true, or a version recorded before it): the default.
    handler.configure({ host: '127.0.0.1', port: 0, token: null });
    assert.equal(DEFAULT_EVENT_STREAMS, 32);
  });
});

describe('clients that leave', () => {
  it('200 streams closed or reset leave no subscription, stream or heartbeat timer', async () => {
    // Heartbeat timers are the intervals of this unusual period; count those still alive.
    const heartbeatMs = 60_001;
    const live = new Set<number>();
    const hook = createHook({
      init(id, type, _trigger, resource) {
        if (type === 'Timeout' && (resource as { _repeat?: number })._repeat === heartbeatMs) {
          live.add(id);
        }
      },
      destroy: (id) => void live.delete(id),
    }).enable();
    try {
      const stream = { heartbeatMs, maxBufferedBytes: 1024 * 1024 };
      const { url, ring, handler } = await serveFake(null, { stream, maxStreams: 250 });
      const clients = await Promise.all(Array.from({ length: 200 }, () => openStream(url)));
      assert.ok(clients.every(({ head }) => head.startsWith('HTTP/1.1 200')));
      assert.equal(ring.listenerCount(), 200);
      assert.equal(live.size, 200);
      // Half leave with a FIN, half vanish with a reset (no FIN ever reaches the server).
      for (const [i, { socket }] of clients.entries()) {
        if (i % 2 === 0) socket.end();
        else socket.resetAndDestroy();
      }
      await until(() => ring.listenerCount() === 0, 'every stream unsubscribed');
      await until(() => handler.openStreams() === 0, 'every stream counted out');
      await until(() => live.size === 0, 'every heartbeat timer cleared');
    } finally {
      hook.disable();
    }
  });

  it('a stream whose client was gone before it began ends at once', { timeout: 5000 }, async () => {
    const ring = createEventRing(createEmitter<CrewEvents>());
    let began: (stream: Promise<void>) => void = () => {};
    const stream = new Promise<Promise<void>>((resolve) => {
      began = resolve;
    });
    // The response is closed (and 'close' emitted) before the stream starts on it.
    const server = createServer((req, res) => {
      res.once('close', () => began(streamEvents(req, res, ring, null)));
      res.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => server.close());
    const { port } = server.address() as AddressInfo;
    await rawGet(`http://127.0.0.1:${port}`, '/events');
    await await stream;
    assert.equal(ring.listenerCount(), 0);
  });
});
