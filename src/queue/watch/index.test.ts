import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { isCrewError } from '../../errors/crew-error.js';
import { type BacklogSourceSpec, openBacklogSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'crew-backlog-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Asserts the promise rejects with this code and a message matching every pattern.
async function assertCrewError(
  promise: Promise<unknown>,
  code: string,
  ...patterns: RegExp[]
): Promise<string> {
  let message = '';
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isCrewError(error), String(error));
    assert.equal(error.code, code);
    for (const pattern of patterns) assert.match(error.message, pattern);
    message = error.message;
    return true;
  });
  return message;
}

test('a wrong spec is refused before anything connects', async () => {
  const cases: [BacklogSourceSpec, RegExp][] = [
    [{ kind: 'laravel-database', url: 'oracle://db/app' }, /backlog url: .*unknown scheme/],
    [
      { kind: 'laravel-database', url: 'sqlite:x.db', table: 'jobs;--' },
      /backlog table: "jobs;--"/,
    ],
    [
      { kind: 'laravel-database', url: 'sqlite:x.db', failedTable: 'a b' },
      /backlog failed_table: "a b"/,
    ],
    [{ kind: 'laravel-database', url: 'sqlite:x.db', retryAfterSec: 0 }, /backlog retry_after: 0/],
    [{ kind: 'laravel-database', url: 'sqlite:x.db', retryAfterSec: 1.5 }, /retry_after: 1.5/],
    [{ kind: 'laravel-redis', url: 'postgres://db/app' }, /is not a Redis URL/],
    [
      { kind: 'beanstalkd', url: 'x' } as unknown as BacklogSourceSpec,
      /backlog kind: "beanstalkd"/,
    ],
  ];
  for (const [spec, pattern] of cases) {
    await assertCrewError(
      openBacklogSource(spec, { baseDir: dir }),
      'CREW_BACKLOG_INVALID',
      pattern,
    );
  }
});

test('a server that does not answer is named, password masked', async () => {
  // Port 1 on the loopback refuses at once.
  const cases: [BacklogSourceSpec, RegExp][] = [
    [
      { kind: 'laravel-database', url: 'postgres://app:s3cret@127.0.0.1:1/app' },
      /postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/,
    ],
    [
      { kind: 'laravel-database', url: 'mariadb://app:s3cret@127.0.0.1:1/app' },
      /mariadb:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/,
    ],
    [
      { kind: 'laravel-redis', url: 'redis://:s3cret@127.0.0.1:1/0' },
      /redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0/,
    ],
  ];
  for (const [spec, pattern] of cases) {
    const message = await assertCrewError(
      openBacklogSource(spec),
      'CREW_BACKLOG_UNAVAILABLE',
      /^cannot connect to /,
      pattern,
      /ECONNREFUSED/,
    );
    assert.doesNotMatch(message, /s3cret/);
  }
});

test('a missing SQLite file is named by its resolved path', async () => {
  const cases: [string, RegExp][] = [
    ['sqlite:missing.sqlite', /unable to open database file/],
    ['sqlite:no-such-dir/app.sqlite', /directory does not exist/],
  ];
  for (const [url, reason] of cases) {
    const path = join(dir, url.slice('sqlite:'.length)).replaceAll('.', '\\.');
    await assertCrewError(
      openBacklogSource({ kind: 'laravel-database', url }, { baseDir: dir }),
      'CREW_BACKLOG_UNAVAILABLE',
      new RegExp(`^cannot connect to sqlite:${path}: `),
      reason,
    );
  }
});

test('a relative SQLite path is read from the base dir', async (t) => {
  mkdirSync(join(dir, 'database'));
  const app = new Database(join(dir, 'database', 'app.sqlite'));
  app.exec(
    'create table "jobs" ("id" integer primary key autoincrement not null, "queue" varchar not null, ' +
      '"payload" text not null, "attempts" integer not null, "reserved_at" integer, ' +
      '"available_at" integer not null, "created_at" integer not null)',
  );
  app
    .prepare(
      'insert into jobs (queue, payload, attempts, available_at, created_at) values (?, ?, 0, ?, ?)',
    )
    .run('default', '{}', 100, 100);
  t.after(() => app.close());

  const source = await openBacklogSource(
    { kind: 'laravel-database', url: 'sqlite:database/app.sqlite' },
    { baseDir: dir },
  );
  t.after(() => source.close());
  const snapshot = await source.snapshot(['default'], 130_000, null);

  assert.deepEqual(snapshot.queues, [
    {
      queue: 'default',
      ready: 1,
      delayed: 0,
      reserved: 0,
      failed: null,
      oldestWaitMs: 30_000,
      dueAt: [],
    },
  ]);
  assert.equal(snapshot.cursor, 1);
});

test('importing the factory loads no database driver', () => {
  const script =
    "await import('./src/queue/watch/index.ts');" +
    "const { createRequire } = await import('node:module');" +
    'const cache = Object.keys(createRequire(import.meta.url).cache);' +
    'console.log(JSON.stringify(cache.filter((path) => /node_modules\\/(pg|mysql2|ioredis|better-sqlite3)\\//.test(path))));';
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: new URL('../../..', import.meta.url).pathname, encoding: 'utf8' },
  );
  assert.deepEqual(JSON.parse(output), []);
});
