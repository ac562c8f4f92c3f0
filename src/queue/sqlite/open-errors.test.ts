import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { openSqlite } from './open.js';
import {
  describeStoreFailure,
  type StoreFailure,
  shownPath,
  sqliteStoreError,
} from './open-errors.js';
import { damages, seedStore } from './test-support/damage.js';

const base: StoreFailure = {
  code: '',
  reason: 'the driver says',
  file: 'var/crew.db',
  dir: 'var',
  found: 'file',
  diskFull: false,
};

test('each file or disk problem is one coded line naming the file and what to do', () => {
  const cases: [Partial<StoreFailure>, string | null, RegExp | null][] = [
    [
      { code: 'SQLITE_NOTADB', reason: 'file is not a database' },
      'CREW_STORE_CORRUPT',
      /^var\/crew\.db is not a SQLite database \(file is not a database\); move it aside or restore it$/,
    ],
    [
      { code: 'SQLITE_CORRUPT' },
      'CREW_STORE_CORRUPT',
      /^var\/crew\.db is damaged .*sqlite3 var\/crew\.db \.recover/,
    ],
    [{ code: 'SQLITE_CORRUPT_INDEX' }, 'CREW_STORE_CORRUPT', /is damaged/],
    [
      { code: 'SQLITE_FULL' },
      'CREW_STORE_FULL',
      /^the disk holding var\/crew\.db is full .*df -h var/,
    ],
    [{ code: 'ENOSPC' }, 'CREW_STORE_FULL', /disk holding var\/crew\.db is full/],
    [{ code: 'SQLITE_IOERR_WRITE', diskFull: true }, 'CREW_STORE_FULL', /is full/],
    [
      { code: 'SQLITE_IOERR_WRITE' },
      'CREW_STORE',
      /^reading or writing var\/crew\.db failed \(the driver says, SQLITE_IOERR_WRITE\)/,
    ],
    [
      { code: 'SQLITE_CANTOPEN', found: 'directory' },
      'CREW_STORE',
      /^var\/crew\.db is a directory, not a SQLite database file/,
    ],
    [
      { code: 'SQLITE_CANTOPEN', found: 'no-access' },
      'CREW_STORE',
      /^cannot open var\/crew\.db \(permission denied\)/,
    ],
    [{ code: 'EACCES' }, 'CREW_STORE', /permission denied/],
    [
      { code: 'SQLITE_CANTOPEN', found: 'missing' },
      'CREW_STORE',
      /^cannot open var\/crew\.db .*check that var exists/,
    ],
    [{ code: 'SQLITE_READONLY_DBMOVED' }, 'CREW_STORE', /^var\/crew\.db is read-only/],
    [{ code: 'EEXIST' }, 'CREW_STORE', /part of its path is a file/],
    [{ code: 'SQLITE_BUSY' }, 'CREW_STORE', /stayed locked by another process/],
    // Not a file or disk problem: a bug, left as it is.
    [{ code: 'SQLITE_ERROR' }, null, null],
    [{ code: 'ECONNREFUSED' }, null, null],
  ];
  for (const [failure, code, message] of cases) {
    const error = describeStoreFailure({ ...base, ...failure });
    assert.equal(error?.code ?? null, code, failure.code);
    if (message) assert.match(error!.message, message);
    if (error) assert.ok(!error.message.includes('\n') && error.details.length === 0);
  }
});

test('paths are shown as the user knows them: relative inside the working directory', () => {
  assert.equal(shownPath('/app/var/crew.db', '/app'), 'var/crew.db');
  assert.equal(shownPath('/data/crew.db', '/app'), '/data/crew.db');
  assert.equal(shownPath('/app', '/app'), '.');
});

const dir = mkdtempSync(join(tmpdir(), 'crew-open-errors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// What opening, then reading every row and writing one, reports for a damaged file.
function use(path: string): string {
  try {
    const db = openSqlite(path);
    try {
      db.prepare('SELECT SUM(LENGTH(payload)) FROM jobs').get();
      db.prepare(
        "INSERT INTO jobs (queue, payload, attempts, available_at, created_at) VALUES ('q', 'p', 0, 0, 0)",
      ).run();
    } finally {
      db.close();
    }
    return 'ok';
  } catch (error) {
    const mapped = sqliteStoreError(error, path) ?? error;
    assert.ok(isCrewError(mapped), `not a CrewError: ${(mapped as Error).stack}`);
    return `${mapped.code}: ${mapped.message}`;
  }
}

test('real damaged files are reported by what is wrong with them', async () => {
  const expected: Record<string, RegExp> = {
    garbage: /^CREW_STORE_CORRUPT: .* is not a SQLite database/,
    'not-sqlite': /^CREW_STORE_CORRUPT: .* is not a SQLite database/,
    truncated: /^CREW_STORE_CORRUPT: .* is damaged/,
    'overwritten-pages': /^CREW_STORE_CORRUPT: .* is damaged/,
    directory: /^CREW_STORE: .* is a directory/,
  };
  for (const damage of damages.filter((d) => !d.asOtherUser)) {
    const path = join(dir, damage.name, 'crew.db');
    mkdirSync(join(dir, damage.name));
    await seedStore(path, 'default', 100);
    assert.equal(use(path), 'ok');
    damage.apply(path);
    const said = use(path);
    assert.match(said, expected[damage.name]!, damage.name);
    assert.ok(said.includes(path), said);
  }
});

test('a store whose directory cannot be created names the file in the way', () => {
  writeFileSync(join(dir, 'plain-file'), 'x');
  assert.match(
    use(join(dir, 'plain-file', 'crew.db')),
    /^CREW_STORE: cannot create .* part of its path is a file/,
  );
});
