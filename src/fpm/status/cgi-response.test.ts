import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCgiResponse } from './cgi-response.js';

const parse = (text: string) => parseCgiResponse(Buffer.from(text));

test('the Status header gives the status; names are lower-cased, repeats joined', () => {
  assert.deepEqual(
    parse(
      'Status: 404 Not Found\r\nContent-type: text/html\r\nX-A: 1\r\nx-a: 2\r\n\r\nFile not found.\n',
    ),
    {
      statusCode: 404,
      statusText: 'Not Found',
      headers: Object.assign(Object.create(null), {
        status: '404 Not Found',
        'content-type': 'text/html',
        'x-a': '1, 2',
      }),
      body: 'File not found.\n',
    },
  );
});

test('no Status is 200, a Location alone is 302, and bare LF line ends are read too', () => {
  const ok = parse('Content-type: text/plain\n\npong');
  assert.deepEqual(ok === null || typeof ok === 'string' ? ok : [ok.statusCode, ok.body], [
    200,
    'pong',
  ]);
  const moved = parse('Location: /elsewhere\r\n\r\n');
  assert.equal(typeof moved === 'string' ? moved : moved.statusCode, 302);
  const blankInBody = parse('A: b\r\n\r\nline\n\nline');
  assert.equal(typeof blankInBody === 'string' ? blankInBody : blankInBody.body, 'line\n\nline');
});

test('a header named like an Object property is just a header', () => {
  const odd = parse('constructor: x\r\n__proto__: y\r\n\r\n');
  assert.equal(typeof odd === 'string' ? odd : odd.headers.constructor, 'x');
});

test('output without a header block, or a broken header, is a message', () => {
  assert.match(String(parse('hello')), /no CGI header block/);
  assert.match(String(parse('no colon here\r\n\r\n')), /without a name/);
  assert.match(String(parse('Status: teapot\r\n\r\n')), /not a status/);
});
