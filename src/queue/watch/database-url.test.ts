import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { parseDatabaseUrl } from './database-url.js';

test('each scheme names its engine; relative SQLite paths start at the base dir', () => {
  const cases = [
    [
      'sqlite:/var/www/database/database.sqlite',
      { engine: 'sqlite', path: '/var/www/database/database.sqlite' },
    ],
    ['sqlite:///var/app.db', { engine: 'sqlite', path: '/var/app.db' }],
    ['sqlite:database/app.sqlite', { engine: 'sqlite', path: '/srv/app/database/app.sqlite' }],
    ['sqlite:../shared/app.sqlite', { engine: 'sqlite', path: '/srv/shared/app.sqlite' }],
    ['postgres://app@db:5432/app', { engine: 'postgres', url: 'postgres://app@db:5432/app' }],
    ['postgresql://app@db/app', { engine: 'postgres', url: 'postgresql://app@db/app' }],
    ['mysql://root@db:3306/app', { engine: 'mysql', url: 'mysql://root@db:3306/app' }],
    ['mariadb://root:pw@db/app', { engine: 'mysql', url: 'mysql://root:pw@db/app' }],
  ] as const;
  for (const [url, expected] of cases) {
    assert.deepEqual(parseDatabaseUrl(url, '/srv/app'), expected, url);
  }
});

test('an unknown scheme is refused with the accepted forms, password masked', () => {
  const cases = [
    ['mongodb://user:secret@db/app', /unknown scheme "mongodb"/],
    ['/var/app.sqlite', /has no scheme/],
    ['sqlite:', /names no file/],
  ] as const;
  for (const [url, message] of cases) {
    assert.throws(
      () => parseDatabaseUrl(url, '/srv/app'),
      (error: unknown) => {
        assert.ok(isCrewError(error));
        assert.equal(error.code, 'CREW_BACKLOG_INVALID');
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /secret/);
        assert.match(error.details.join(' '), /sqlite:PATH/);
        return true;
      },
      url,
    );
  }
});
