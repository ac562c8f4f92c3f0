// What the HTTP server refuses: paths that try to leave the dashboard's folder, request targets
// that are not paths, headers past Node's limit and bodies past crew's, each without serving a
// file, calling a handler or buffering what it refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BODY_BYTES } from './http-body.js';
import { serveFake } from './test-support/fake-server.js';
import { isRefused, traversalTargets } from './test-support/probes.js';
import { rawGet, rawRequest } from './test-support/raw-http.js';

const token = 'hardening-token';

describe("the dashboard's files", () => {
  it('are served by their own names only', async () => {
    const { url } = await serveFake(token);
    const app = await rawGet(url, '/app.js');
    assert.equal(app.status, 200);
    assert.match(app.body, /dashboard/);
    assert.equal((await rawGet(url, '/vendor/uplot.js')).status, 200);
  });

  it('never answer a path that leaves the folder, however it is spelled', async () => {
    const { url } = await serveFake(token);
    const targets = traversalTargets(false);
    assert.ok(targets.length > 500, `${targets.length} targets`);
    const served: string[] = [];
    for (const target of targets) {
      const response = await rawGet(url, target);
      if (!isRefused(response)) served.push(`${JSON.stringify(target)} → ${response.status}`);
    }
    assert.deepEqual(served, []);
  });

  it('are matched as sent: dot segments are not resolved into another file', async () => {
    const { url } = await serveFake(token);
    assert.equal((await rawGet(url, '/vendor/../app.js')).status, 404);
    assert.equal((await rawGet(url, '/./app.js')).status, 404);
    assert.equal((await rawGet(url, '/vendor/%2e%2e/app.js')).status, 404);
  });

  it('refuse request targets that are not paths with 400', async () => {
    const { url } = await serveFake(token);
    for (const target of ['http://127.0.0.1/app.js', '*', 'app.js', '/app.js%00', '/app\tx']) {
      const { status } = await rawGet(url, target);
      assert.ok(status === 400 || status === 404, `${JSON.stringify(target)} → ${status}`);
    }
    assert.equal((await rawGet(url, 'http://127.0.0.1/app.js')).status, 400);
  });
});

describe('oversized requests', () => {
  it('headers past 16 KiB get 431, and the server goes on answering', async () => {
    const { url } = await serveFake(token);
    const big = await rawGet(url, '/status', `X-Pad: ${'a'.repeat(20 * 1024)}\r\n`);
    assert.equal(big.status, 431);
    assert.equal((await rawGet(url, '/app.js')).status, 200);
  });

  const head = (url: string, headers: string) =>
    `POST /api/scale HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\n${headers}\r\n`;

  it('a body declared past the cap gets 413 at once, before it is sent, and the connection closes', {
    timeout: 10_000,
  }, async () => {
    const { url, calls } = await serveFake(token);
    const headers = `Authorization: Bearer ${token}\r\nContent-Length: 100000000\r\n`;
    const response = await rawRequest(url, head(url, headers));
    assert.equal(response.status, 413);
    assert.equal(response.headers.connection, 'close');
    assert.match(response.body, /larger than 64 KiB/);
    assert.deepEqual(calls, []);
  });

  it('a chunked body is read up to the cap only, then refused with 413', {
    timeout: 10_000,
  }, async () => {
    const { url, calls } = await serveFake(token);
    const headers = `Authorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n`;
    const size = MAX_BODY_BYTES * 4;
    // The last chunk never comes: the answer must not wait for it.
    const body = `${size.toString(16)}\r\n{"pool":"${'x'.repeat(size - 10)}"}\r\n`;
    const response = await rawRequest(url, head(url, headers), body);
    assert.equal(response.status, 413);
    assert.deepEqual(calls, []);
  });

  it('a request refused for its token is not read either', { timeout: 10_000 }, async () => {
    const { url, calls } = await serveFake(token);
    const response = await rawRequest(url, head(url, 'Content-Length: 100000000\r\n'), '{"po');
    assert.equal(response.status, 401);
    assert.equal(response.headers.connection, 'close');
    assert.deepEqual(calls, []);
  });
});
