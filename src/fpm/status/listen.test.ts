import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFpmAddress, parseFpmListen } from './listen.js';

test('every form of a pool’s listen reads as an address to connect to', () => {
  const cases: [string, ReturnType<typeof parseFpmListen>][] = [
    ['/run/php/php8.2-fpm.sock', { kind: 'unix', path: '/run/php/php8.2-fpm.sock' }],
    ['./var/fpm.sock', { kind: 'unix', path: './var/fpm.sock' }],
    ['9000', { kind: 'tcp', host: '127.0.0.1', port: 9000 }],
    [' 127.0.0.1:9000 ', { kind: 'tcp', host: '127.0.0.1', port: 9000 }],
    ['[::1]:9000', { kind: 'tcp', host: '::1', port: 9000 }],
    ['[::]:9000', { kind: 'tcp', host: '::1', port: 9000 }],
    ['0.0.0.0:9000', { kind: 'tcp', host: '127.0.0.1', port: 9000 }],
    ['*:9000', { kind: 'tcp', host: '127.0.0.1', port: 9000 }],
    ['php:9000', { kind: 'tcp', host: 'php', port: 9000 }],
  ];
  for (const [listen, address] of cases) assert.deepEqual(parseFpmListen(listen), address, listen);
});

test('a listen php-fpm would not accept is invalid, saying what was expected', () => {
  for (const listen of ['', '70000', '0', '127.0.0.1:', '127.0.0.1:http', '::1:9000', '[::1]']) {
    const address = parseFpmListen(listen);
    assert.equal(address.kind, 'invalid', listen);
  }
  const variable = parseFpmListen('/run/php/$pool.sock');
  assert.match(variable.kind === 'invalid' ? variable.message : '', /\$pool/);
});

test('addresses are named as they are written, IPv6 in brackets', () => {
  assert.equal(describeFpmAddress(parseFpmListen('[::1]:9000')), '[::1]:9000');
  assert.equal(describeFpmAddress(parseFpmListen('9000')), '127.0.0.1:9000');
  assert.equal(describeFpmAddress(parseFpmListen('/tmp/a.sock')), '/tmp/a.sock');
});
