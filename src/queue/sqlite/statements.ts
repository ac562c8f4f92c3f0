// The SQLite store's prepared statements (store.ts runs them inside its transactions).
import type Database from 'better-sqlite3';

const READY =
  '(reserved_at IS NULL AND available_at <= @sec) OR (reserved_at IS NOT NULL AND lease_until_ms <= @ms)';

// The statements by name.
export type Statements = Readonly<
  Record<
    | 'insert'
    | 'reap'
    | 'claim'
    | 'nextDue'
    | 'claimable'
    | 'complete'
    | 'release'
    | 'renew'
    | 'held'
    | 'heldBy'
    | 'unstall'
    | 'deleteId'
    | 'insertFailed'
    | 'counts'
    | 'failedCounts'
    | 'maxId'
    | 'arrivals'
    | 'failedList'
    | 'failedListQueue'
    | 'failedCount'
    | 'failedAll'
    | 'failedOne'
    | 'deleteFailed'
    | 'flushAll'
    | 'flushBefore',
    Database.Statement
  >
>;

export function prepare(db: Database.Database): Statements {
  return {
    insert: db.prepare(
      'INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) VALUES (@queue, @payload, 0, NULL, @at, @now)',
    ),
    // A lapsed claim becomes ready again; its holder's token no longer matches anything.
    reap: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL WHERE lease_until_ms IS NOT NULL AND lease_until_ms <= @ms',
    ),
    claim: db.prepare(
      `UPDATE jobs SET reserved_at = @sec, attempts = attempts + 1, claim_token = @token, lease_until_ms = @lease
       WHERE id IN (SELECT id FROM jobs WHERE queue = @queue AND reserved_at IS NULL AND available_at <= @sec ORDER BY id LIMIT @limit)
       RETURNING id, queue, payload, attempts`,
    ),
    // Asked when a claim found nothing ready: a queue's rows are then delayed or held, and the
    // next moment one becomes claimable is the earliest due time or lapsing lease (ms).
    nextDue: db.prepare(
      'SELECT MIN(CASE WHEN reserved_at IS NULL THEN available_at * 1000 ELSE lease_until_ms END) AS at FROM jobs WHERE queue = ?',
    ),
    // Whether a claim would find anything in a queue (no lock taken: a read).
    claimable: db.prepare(
      `SELECT EXISTS (SELECT 1 FROM jobs WHERE queue = @queue AND reserved_at IS NULL AND available_at <= @sec)
           OR EXISTS (SELECT 1 FROM jobs WHERE lease_until_ms <= @ms AND queue = @queue) AS yes`,
    ),
    complete: db.prepare('DELETE FROM jobs WHERE id = ? AND claim_token = ?'),
    release: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL, available_at = ?, attempts = MAX(attempts - ?, 0) WHERE id = ? AND claim_token = ?',
    ),
    renew: db.prepare('UPDATE jobs SET lease_until_ms = ? WHERE id = ? AND claim_token = ?'),
    held: db.prepare('SELECT queue, payload FROM jobs WHERE id = ? AND claim_token = ?'),
    // Claimed rows only (the lease index), those of one holder by token range.
    heldBy: db.prepare(
      'SELECT id, queue, payload, stalls FROM jobs WHERE lease_until_ms >= 0 AND claim_token >= @lo AND claim_token < @hi',
    ),
    // Back to ready without spending the try its claim counted.
    unstall: db.prepare(
      'UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL, attempts = MAX(attempts - 1, 0), stalls = stalls + 1 WHERE id = ?',
    ),
    deleteId: db.prepare('DELETE FROM jobs WHERE id = ?'),
    insertFailed: db.prepare(
      'INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at) VALUES (@uuid, @connection, @queue, @payload, @exception, @failedAt) ON CONFLICT (uuid) DO NOTHING',
    ),
    counts: db.prepare(
      `SELECT queue,
         SUM(CASE WHEN ${READY} THEN 1 ELSE 0 END) AS ready,
         SUM(CASE WHEN reserved_at IS NULL AND available_at > @sec THEN 1 ELSE 0 END) AS delayed,
         SUM(CASE WHEN reserved_at IS NOT NULL AND lease_until_ms > @ms THEN 1 ELSE 0 END) AS reserved,
         MIN(CASE WHEN ${READY} THEN available_at END) AS oldest
       FROM jobs GROUP BY queue`,
    ),
    failedCounts: db.prepare('SELECT queue, COUNT(*) AS n FROM failed_jobs GROUP BY queue'),
    maxId: db.prepare('SELECT MAX(id) AS id FROM jobs'),
    arrivals: db.prepare('SELECT queue, COUNT(*) AS n FROM jobs WHERE id > ? GROUP BY queue'),
    failedList: db.prepare('SELECT * FROM failed_jobs ORDER BY id DESC LIMIT ?'),
    failedListQueue: db.prepare(
      'SELECT * FROM failed_jobs WHERE queue = ? ORDER BY id DESC LIMIT ?',
    ),
    failedCount: db.prepare('SELECT COUNT(*) AS n FROM failed_jobs'),
    failedAll: db.prepare('SELECT id, queue, payload FROM failed_jobs ORDER BY id'),
    failedOne: db.prepare('SELECT id, queue, payload FROM failed_jobs WHERE id = ?'),
    deleteFailed: db.prepare('DELETE FROM failed_jobs WHERE id = ?'),
    flushAll: db.prepare('DELETE FROM failed_jobs'),
    flushBefore: db.prepare('DELETE FROM failed_jobs WHERE failed_at < ?'),
  };
}
