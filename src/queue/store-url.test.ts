import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acceptedUrls,
  parseDatabaseUrl,
  redactUrl,
  resolveDatabaseUrl,
  type UrlRole,
} from './store-url.js';

test('each scheme names its engine; relative SQLite paths start at the base dir', () => {
  const cases = [
    ['sqlite:/var/www/database.sqlite', { engine: 'sqlite', path: '/var/www/database.sqlite' }],
    ['sqlite:///var/app.db', { engine: 'sqlite', path: '/var/app.db' }],
    ['sqlite:database/app.sqlite', { engine: 'sqlite', path: '/srv/app/database/app.sqlite' }],
    ['sqlite:../shared/app.sqlite', { engine: 'sqlite', path: '/srv/shared/app.sqlite' }],
    ['postgres://app@db:5432/app', { engine: 'postgres', url: 'postgres://app@db:5432/app' }],
    ['postgresql://app@db/app', { engine: 'postgres', url: 'postgresql://app@db/app' }],
    ['mysql://root@db:3306/app', { engine: 'mysql', url: 'mysql://root@db:3306/app' }],
    ['mariadb://root:pw@db/app', { engine: 'mysql', url: 'mysql://root:pw@db/app' }],
    ['redis://cache:6379/0', { engine: 'redis', url: 'redis://cache:6379/0' }],
    ['rediss://:pw@cache/1', { engine: 'redis', url: 'rediss://:pw@cache/1' }],
  ] as const;
  for (const [url, target] of cases) {
    assert.deepEqual(parseDatabaseUrl(url, 'backlog', '/srv/app'), { ok: true, target }, url);
  }
});

test('a URL its role cannot use says why and what is accepted, password masked', () => {
  const cases: [string, UrlRole, RegExp][] = [
    ['mongodb://user:secret@db/app', 'backlog', /^has an unknown scheme "mongodb"$/],
    ['ftp://files/jobs', 'backlog', /unknown scheme "ftp"/],
    ['/var/app.sqlite', 'store', /^has no scheme$/],
    ['crew.db', 'store', /^has no scheme$/],
    ['sqlite:', 'store', /^names no file$/],
    ['postgres:app', 'store', /not a URL like postgres:\/\/USER@HOST\/DB/],
    ['mysql://root:secret@db/app', 'store', /is a mysql URL, which the job store cannot be/],
    ['redis://:secret@cache/0', 'store', /is a redis URL/],
  ];
  for (const [url, role, problem] of cases) {
    const parsed = parseDatabaseUrl(url, role, '/srv/app');
    assert.ok(!parsed.ok, url);
    assert.match(parsed.problem, problem, url);
    assert.doesNotMatch(parsed.problem, /secret/);
    assert.equal(parsed.hint, acceptedUrls(role));
  }
  assert.equal(acceptedUrls('store'), 'use sqlite:PATH or postgres://USER@HOST/DB');
  assert.match(acceptedUrls('backlog'), /mariadb:\/\/USER@HOST\/DB or redis:\/\/HOST:PORT\/DB$/);
});

test('resolving makes sqlite paths absolute and leaves other URLs as written', () => {
  assert.equal(
    resolveDatabaseUrl('sqlite:var/crew.db', 'store', '/app'),
    'sqlite:/app/var/crew.db',
  );
  assert.equal(resolveDatabaseUrl('sqlite:///data/x.db', 'store', '/app'), 'sqlite:/data/x.db');
  assert.equal(resolveDatabaseUrl('mariadb://db/app', 'backlog', '/app'), 'mariadb://db/app');
  assert.equal(resolveDatabaseUrl('nonsense', 'store', '/app'), 'nonsense');
});

test('redaction masks a password and nothing else', () => {
  assert.equal(redactUrl('postgres://app:s3cret@db/app'), 'postgres://app:***@db/app');
  assert.equal(redactUrl('postgres://app@db/app'), 'postgres://app@db/app');
  assert.equal(redactUrl('sqlite:/var/app.db'), 'sqlite:/var/app.db');
  assert.equal(redactUrl('not a url //user:pw@host'), 'not a url //***@host');
});
