// Reads a store file read-only, as an operator would check it: PRAGMA integrity_check, the ids
// still in jobs, and how many rows failed_jobs holds.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const Driver = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export interface StoreContents {
  // "ok", or integrity_check's findings joined by "; ".
  readonly integrity: string;
  readonly ids: ReadonlySet<number>;
  readonly failed: number;
}

export function inspectStore(path: string): StoreContents {
  const db = new Driver(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const ids = db.prepare('SELECT id FROM jobs').all() as { id: number }[];
    const failed = db.prepare('SELECT COUNT(*) AS n FROM failed_jobs').get() as { n: number };
    return {
      integrity: rows.map((row) => row.integrity_check).join('; '),
      ids: new Set(ids.map((row) => row.id)),
      failed: failed.n,
    };
  } finally {
    db.close();
  }
}
