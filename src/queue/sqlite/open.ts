// Opens crew's SQLite file the way every process must: its own handle, WAL so readers never
// block the writer, a busy timeout so concurrent writers queue instead of failing, and
// synchronous=NORMAL (durable across a crash of any process; a power cut may lose the last
// transactions, as with any WAL database at this setting). A file that cannot be used (not a
// database, damaged, a directory, no permission, a full disk) is reported as a one-line
// CrewError naming it (open-errors.ts).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { CrewError } from '../../errors/crew-error.js';
import { sqliteStoreError } from './open-errors.js';

const require = createRequire(import.meta.url);

export function openSqlite(path: string, options: { readonly?: boolean } = {}): Database.Database {
  const Driver = require('better-sqlite3') as typeof Database;
  let db: Database.Database | null = null;
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Driver(path, { readonly: options.readonly ?? false, timeout: 10_000 });
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    return db;
  } catch (error) {
    db?.close();
    throw (
      sqliteStoreError(error, path) ??
      new CrewError(
        'CREW_STORE',
        `cannot open the job store ${path}: ${(error as Error).message}`,
        ['check that the directory exists and is writable, or set `store:` in crew.yaml'],
      )
    );
  }
}
