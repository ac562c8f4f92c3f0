import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Access, authorize, hostnameOf } from './http-auth.js';
import { accessOf, routeOf } from './http-routes.js';

const local = '127.0.0.1:9099';

function outcome(access: Access, token: string | null, authorization?: string, host = local) {
  const result = authorize({ access, authorization, host }, token);
  return result.ok ? 'ok' : result.status;
}

describe('who may do what over HTTP', () => {
  it('without a token: reads are open on loopback, control is refused', () => {
    assert.equal(outcome('public', null), 'ok');
    assert.equal(outcome('read', null), 'ok');
    assert.equal(outcome('control', null), 403);
    assert.equal(outcome('control', null, 'Bearer anything'), 403);
  });

  it('without a token: a request naming another host (DNS rebinding) is refused', () => {
    assert.equal(outcome('read', null, undefined, 'localhost:9099'), 'ok');
    assert.equal(outcome('read', null, undefined, '[::1]:9099'), 'ok');
    assert.equal(outcome('read', null, undefined, 'attacker.example:9099'), 403);
    assert.equal(outcome('public', null, undefined, 'attacker.example'), 403);
  });

  it('with a token: data and control need the bearer token, the page itself does not', () => {
    const token = 'correct-horse';
    assert.equal(outcome('public', token), 'ok');
    assert.equal(outcome('read', token), 401);
    assert.equal(outcome('read', token, 'Bearer wrong-horse'), 401);
    assert.equal(outcome('read', token, 'Basic Y29ycmVjdC1ob3JzZQ=='), 401);
    assert.equal(outcome('read', token, 'Bearer correct-horse'), 'ok');
    assert.equal(outcome('control', token, 'bearer correct-horse'), 'ok');
    assert.equal(outcome('control', token, 'Bearer correct-horse-and-more'), 401);
    assert.equal(outcome('read', token, 'Bearer correct-horse', 'crew.internal:9099'), 'ok');
  });

  it('reads host names from Host headers', () => {
    assert.equal(hostnameOf('127.0.0.1:9099'), '127.0.0.1');
    assert.equal(hostnameOf('[::1]:9099'), '::1');
    assert.equal(hostnameOf('localhost'), 'localhost');
  });
});

describe('routes', () => {
  it('maps paths and methods to routes and routes to access', () => {
    const cases: [string, string, string, Access][] = [
      ['GET', '/', 'static', 'public'],
      ['HEAD', '/vendor/uplot.js', 'static', 'public'],
      ['GET', '/status', 'status', 'read'],
      ['GET', '/metrics', 'metrics', 'read'],
      ['GET', '/events', 'events', 'read'],
      ['GET', '/history', 'history', 'read'],
      ['POST', '/api/scale', 'control', 'control'],
      ['POST', '/api/rollback', 'control', 'control'],
      ['POST', '/api/shutdown', 'not-found', 'public'],
      ['POST', '/api/tail', 'not-found', 'public'],
      ['GET', '/api/stop', 'method-not-allowed', 'public'],
      ['POST', '/status', 'method-not-allowed', 'public'],
      ['GET', '/../package.json', 'not-found', 'public'],
    ];
    for (const [method, path, kind, access] of cases) {
      const route = routeOf(method, path);
      assert.equal(route.kind, kind, `${method} ${path}`);
      assert.equal(accessOf(route), access, `${method} ${path}`);
    }
  });
});
