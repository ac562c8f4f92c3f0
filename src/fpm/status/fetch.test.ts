// fetchFpm against hand-made FastCGI peers on real sockets: what it sends, and every way a
// reply can go wrong, each a failure value with its kind (the real php-fpm is fpm-live.test.ts).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fetchFpm } from './fetch.js';
import type { FpmResult } from './fetch-result.js';
import { RecordType } from './records.js';
import { startFakeFpm, writeInPieces } from './test-support/fake-fpm.js';
import { recordBytes, replyBytes } from './test-support/reply-bytes.js';

const failed = (result: FpmResult) => (result.ok ? ['ok', ''] : [result.kind, result.message]);

test('sends the CGI params FPM needs and reads a reply written a few bytes at a time', async (t) => {
  const reply = replyBytes('Content-Type: application/json\r\n\r\n{"pool":"www"}', {
    stderr: 'PHP message: note',
    pieceBytes: 5,
  });
  const fpm = await startFakeFpm(t, (socket) => void writeInPieces(socket, reply, 3));
  const result = await fetchFpm({ listen: fpm.listen, path: '/status', query: 'json&full' });
  assert.ok(result.ok, failed(result).join(': '));
  assert.deepEqual(
    [result.statusCode, result.headers['content-type'], result.body, result.stderr],
    [200, 'application/json', '{"pool":"www"}', 'PHP message: note'],
  );
  const params = fpm.requests[0]!;
  assert.deepEqual(
    ['REQUEST_METHOD', 'SCRIPT_NAME', 'SCRIPT_FILENAME', 'QUERY_STRING', 'REQUEST_URI'].map(
      (name) => params.get(name),
    ),
    ['GET', '/status', '/status', 'json&full', '/status?json&full'],
  );
  assert.equal(params.get('GATEWAY_INTERFACE'), 'CGI/1.1');
  await fpm.closedConnections(1);
});

test('FPM’s "File not found." and "Access denied." are failures that say what to check', async (t) => {
  const bodies = [
    'Status: 404 Not Found\r\nContent-type: text/html\r\n\r\nFile not found.\n',
    'Status: 403 Forbidden\r\nContent-type: text/html\r\n\r\nAccess denied.\n',
  ];
  const fpm = await startFakeFpm(t, (socket) => socket.end(replyBytes(bodies.shift()!)));
  const missing = failed(await fetchFpm({ listen: fpm.listen, path: '/fpm-status' }));
  assert.equal(missing[0], 'file-not-found');
  assert.match(missing[1]!, /not the pool’s pm.status_path or ping.path/);
  const denied = failed(
    await fetchFpm({ listen: fpm.listen, path: '/x', scriptFilename: '/x.txt' }),
  );
  assert.equal(denied[0], 'access-denied');
  assert.match(denied[1]!, /security.limit_extensions/);
});

test('a peer that closes before END_REQUEST, or resets, leaves a closed failure', async (t) => {
  const half = replyBytes('A: b\r\n\r\nbody').subarray(0, 13);
  let reset = false;
  const fpm = await startFakeFpm(
    t,
    (socket) => {
      if (reset) socket.resetAndDestroy();
      else socket.end(half);
      reset = true;
    },
    { tcp: true },
  );
  const early = failed(await fetchFpm({ listen: fpm.listen, path: '/status' }));
  assert.deepEqual(early[0], 'closed');
  assert.match(early[1]!, /closed after 13 bytes, inside a record, before END_REQUEST/);
  const resetBy = failed(await fetchFpm({ listen: fpm.listen, path: '/status' }));
  assert.deepEqual(resetBy, ['closed', `php-fpm at ${fpm.listen}, /status: read ECONNRESET`]);
});

test('a peer that never answers is a timeout after timeoutMs, and the connection is closed', async (t) => {
  const fpm = await startFakeFpm(t, () => {});
  const started = performance.now();
  const result = failed(await fetchFpm({ listen: fpm.listen, path: '/status', timeoutMs: 150 }));
  const tookMs = performance.now() - started;
  assert.deepEqual(result, [
    'timeout',
    `php-fpm at ${fpm.listen}: no complete reply to /status within 150 ms`,
  ]);
  assert.ok(tookMs >= 145 && tookMs < 1500, `took ${tookMs} ms`);
  await fpm.closedConnections(1);
});

test('bytes that are not FastCGI, or a reply over maxBytes, are protocol and too-large', async (t) => {
  const answers = [
    Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'),
    recordBytes(RecordType.stdout, 'x'.repeat(5000)),
    replyBytes('no header block at all'),
  ];
  const fpm = await startFakeFpm(t, (socket) => socket.end(answers.shift()!));
  const http = failed(await fetchFpm({ listen: fpm.listen, path: '/status' }));
  assert.equal(http[0], 'protocol');
  assert.match(http[1]!, /not a FastCGI reply/);
  const big = failed(await fetchFpm({ listen: fpm.listen, path: '/status', maxBytes: 1000 }));
  assert.equal(big[0], 'too-large');
  assert.match(failed(await fetchFpm({ listen: fpm.listen, path: '/s' }))[1]!, /no CGI header/);
});

test('nothing at the address is refused; a listen FPM would not take is invalid-listen', async () => {
  const noFile = failed(await fetchFpm({ listen: '/nonexistent/crew-fpm.sock', path: '/ping' }));
  assert.equal(noFile[0], 'refused');
  assert.match(noFile[1]!, /no socket file there/);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  const noPort = failed(await fetchFpm({ listen: `127.0.0.1:${port}`, path: '/ping' }));
  assert.deepEqual(noPort, [
    'refused',
    `cannot connect to php-fpm at 127.0.0.1:${port}: nothing accepts connections there: is php-fpm running?`,
  ]);
  assert.equal(failed(await fetchFpm({ listen: 'fpm:http', path: '/ping' }))[0], 'invalid-listen');
});
