import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { describeDiff, diffConfigs, hashConfig } from './diff.js';
import { formatListen, isLoopbackHost, parseListen } from './listen-address.js';
import { loadConfig } from './load.js';
import { crewConfig } from './test-support/pool-config.js';
import type { CrewConfig } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-http-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function load(http: string) {
  count += 1;
  const file = join(dir, `crew-${count}.yaml`);
  writeFileSync(file, `pools:\n  a: { command: x }\n${http}`);
  return loadConfig(file, {});
}

describe('listen addresses', () => {
  it('parses host:port, bracketed IPv6 and a bare port, and formats them back', () => {
    const cases: [string | number, string, number, string][] = [
      ['127.0.0.1:9099', '127.0.0.1', 9099, '127.0.0.1:9099'],
      ['[::1]:0', '::1', 0, '[::1]:0'],
      ['localhost:80', 'localhost', 80, 'localhost:80'],
      [9100, '127.0.0.1', 9100, '127.0.0.1:9100'],
      ['0.0.0.0:9099', '0.0.0.0', 9099, '0.0.0.0:9099'],
    ];
    for (const [written, host, port, text] of cases) {
      assert.deepEqual(parseListen(written), { host, port });
      assert.equal(formatListen({ host, port }), text);
    }
    for (const bad of ['9099:', ':9099', '127.0.0.1:70000', 'a b:1', '::1:9099', 'host']) {
      assert.throws(() => parseListen(bad), /expected/, bad);
    }
  });

  it('knows loopback from reachable', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['0.0.0.0', '10.0.0.5', '::', 'example.org', '127.0.0.256', '128.0.0.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('the http section', () => {
  it('is on by default on 127.0.0.1:9099 without a token; false turns it off', () => {
    assert.deepEqual(load('').config?.http, { host: '127.0.0.1', port: 9099, token: null });
    assert.equal(load('http: false\n').config?.http, null);
    assert.deepEqual(load('http: true\n').config?.http, {
      host: '127.0.0.1',
      port: 9099,
      token: null,
    });
    assert.deepEqual(load('http: { listen: "127.0.0.1:0" }\n').config?.http, {
      host: '127.0.0.1',
      port: 0,
      token: null,
    });
  });

  it('binds beyond loopback only with a token', () => {
    assert.deepEqual(load('http:\n  listen: 0.0.0.0:9099\n  token: s3cret-t0ken\n').config?.http, {
      host: '0.0.0.0',
      port: 9099,
      token: 's3cret-t0ken',
    });
    const { config, errors } = load('http:\n  listen: 0.0.0.0:9099\n');
    assert.equal(config, null);
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0]!.line, errors[0]!.column, errors[0]!.path], [4, 11, 'http.listen']);
    assert.match(errors[0]!.message, /http\.token is required/);
  });

  it('reports a bad address, a bad token and an unknown key at their lines', () => {
    const { errors } = load('http:\n  listen: nowhere\n  token: two words\n  port: 1\n');
    assert.deepEqual(
      errors.map((e) => [e.line, e.path]),
      [
        [4, 'http.listen'],
        [5, 'http.token'],
        [6, 'http.port'],
      ],
    );
    assert.match(errors[0]!.message, /expected an address like 127\.0\.0\.1:9099/);
    assert.match(errors[1]!.message, /no spaces/);
  });
});

describe('http in the config history', () => {
  it('describes address and token changes without showing the token', () => {
    const on = { host: '127.0.0.1', port: 9099, token: null };
    const cases: [CrewConfig['http'], CrewConfig['http'], string[]][] = [
      [on, on, []],
      [on, null, ['http: 127.0.0.1:9099 → off']],
      [on, { ...on, port: 9100 }, ['http: 127.0.0.1:9099 → 127.0.0.1:9100']],
      [on, { ...on, token: 'first-token' }, ['http: 127.0.0.1:9099 → 127.0.0.1:9099 with a token']],
    ];
    for (const [before, next, lines] of cases) {
      const diff = diffConfigs(crewConfig([], { http: before }), crewConfig([], { http: next }));
      assert.deepEqual(describeDiff(diff), lines);
    }
    const a = crewConfig([], { http: { ...on, token: 'first-token' } });
    const b = crewConfig([], { http: { ...on, token: 'second-token' } });
    const [line] = describeDiff(diffConfigs(a, b));
    assert.equal(
      line,
      'http: 127.0.0.1:9099 with a token → 127.0.0.1:9099 with a token (a new token)',
    );
    assert.doesNotMatch(line!, /first|second/);
    assert.notEqual(hashConfig(a), hashConfig(b));
  });
});
