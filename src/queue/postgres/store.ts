// crew's job store on PostgreSQL, for workers on several hosts: claims lock rows with
// FOR UPDATE SKIP LOCKED so concurrent workers never wait on, or take, each other's jobs. A
// claim deletes the jobs the worker finished since its last claim and takes ready jobs and jobs
// whose lease lapsed, in one statement (one round trip).
import { createRequire } from 'node:module';
import type { Pool } from 'pg';
import type { ClaimedJob, HeldJob, JobStore } from '../store.js';
import { newClaimToken, unixSeconds } from '../store.js';
import { redactUrl } from '../store-url.js';
import { readBacklog } from './backlog.js';
import { createPgRunner } from './connection.js';
import { createFailedJobOps, insertFailed } from './failed-jobs.js';
import { listenForJobs } from './listen.js';
import { JOBS_CHANNEL } from './notify.js';
import { migratePostgres } from './schema.js';
import { releaseHolder } from './stalls.js';

const require = createRequire(import.meta.url);

// $1 queues, $2 limits, $3 now (s), $4 token, $5 lease end (ms), $6 total, $7 now (ms), $8 and
// $9 the ids and tokens of jobs this worker finished: deleted in the same statement (one round
// trip for a worker's whole cycle), and never claimed by it even if their lease lapsed (only a
// lapsed lease is checked against that list: a ready row cannot be one of them).
const CLAIM = `
WITH done AS (
  DELETE FROM jobs j USING unnest($8::bigint[], $9::text[]) AS h(id, token)
  WHERE j.id = h.id AND j.claim_token = h.token
), wanted AS (
  SELECT * FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS w(queue, lim, ord)
), picked AS (
  SELECT p.id, w.ord FROM wanted w CROSS JOIN LATERAL (
    SELECT id FROM jobs
    WHERE queue = w.queue
      AND ((reserved_at IS NULL AND available_at <= $3)
        OR (lease_until_ms <= $7 AND id <> ALL($8::bigint[])))
    ORDER BY id LIMIT w.lim FOR UPDATE SKIP LOCKED
  ) p
  ORDER BY w.ord, p.id LIMIT $6
)
UPDATE jobs j SET reserved_at = $3, attempts = j.attempts + 1, claim_token = $4, lease_until_ms = $5
FROM picked WHERE j.id = picked.id
RETURNING j.id, j.queue, j.payload, j.attempts, picked.ord`;

// $1 queues, $2 payloads, $3 available_at (s), $4 now (s). One NOTIFY per queue added to, sent
// at commit (notify.ts); the subquery makes the notifying CTE run.
const ADD = `
WITH ins AS (
  INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at)
  SELECT q, p, 0, NULL, a, $4 FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS t(q, p, a, n)
  ORDER BY n RETURNING id, queue
), woke AS (
  SELECT pg_notify('${JOBS_CHANNEL}', queue) FROM (SELECT DISTINCT queue FROM ins) d
)
SELECT id FROM ins WHERE (SELECT count(*) FROM woke) >= 0 ORDER BY id`;

// $1 available_at (s), $2 id, $3 token, $4 tries to give back. Put back and notified.
const RELEASE = `
WITH put AS (
  UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL, available_at = $1,
    attempts = GREATEST(attempts - $4, 0)
  WHERE id = $2 AND claim_token = $3 RETURNING queue
)
SELECT pg_notify('${JOBS_CHANNEL}', queue) FROM put`;

// $1 queues. See the SQLite statement of the same name.
const NEXT_DUE = `SELECT MIN(CASE WHEN reserved_at IS NULL THEN available_at::bigint * 1000
  ELSE lease_until_ms END) AS at FROM jobs WHERE queue = ANY($1::text[])`;

// `holder`: this process's instance id, prefixing its claim tokens (see newClaimToken).
export function openPostgresStore(url: string, options: { holder?: string } = {}): JobStore {
  const { Pool: PgPool } = require('pg') as typeof import('pg');
  const pool: Pool = new PgPool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000 });
  const where = redactUrl(url);
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const runner = createPgRunner(pool, where);
  const { wrap, tx } = runner;
  const deleteHeld = async (jobs: readonly HeldJob[]) => {
    if (jobs.length === 0) return 0;
    const result = await pool.query(
      `DELETE FROM jobs j USING unnest($1::bigint[], $2::text[]) AS h(id, token)
       WHERE j.id = h.id AND j.claim_token = h.token`,
      [jobs.map((j) => j.id), jobs.map((j) => j.token)],
    );
    return result.rowCount ?? 0;
  };

  return {
    kind: 'postgres',
    where,
    migrate: () =>
      wrap('migrating', async () => {
        const client = await pool.connect();
        try {
          await migratePostgres(client);
        } finally {
          client.release();
        }
      }),
    add: (rows, now) =>
      wrap('adding jobs', async () => {
        if (rows.length === 0) return [];
        const result = await pool.query(ADD, [
          rows.map((r) => r.queue),
          rows.map((r) => r.payload),
          rows.map((r) => r.availableAtSec),
          unixSeconds(now),
        ]);
        return result.rows.map((row: { id: string }) => Number(row.id));
      }),
    claim: (claims, total, leaseMs, now, finished = []) =>
      wrap('claiming jobs', async () => {
        const wanted = claims.filter((c) => c.limit > 0);
        if (wanted.length === 0 || total <= 0) {
          await deleteHeld(finished);
          return [];
        }
        const token = newClaimToken(options.holder);
        const result = await pool.query(CLAIM, [
          wanted.map((c) => c.queue),
          wanted.map((c) => c.limit),
          unixSeconds(now),
          token,
          now + leaseMs,
          total,
          now,
          finished.map((j) => j.id),
          finished.map((j) => j.token),
        ]);
        const rows = result.rows as unknown as {
          id: string;
          queue: string;
          payload: string;
          attempts: number;
          ord: string;
        }[];
        return rows
          .sort((a, b) => Number(a.ord) - Number(b.ord) || Number(a.id) - Number(b.id))
          .map(
            (row): ClaimedJob => ({
              id: Number(row.id),
              queue: row.queue,
              payload: row.payload,
              attempts: row.attempts,
              token,
            }),
          );
      }),
    complete: (jobs) => wrap('completing jobs', () => deleteHeld(jobs)),
    release: (job, availableAtSec, { refund = false } = {}) =>
      wrap('releasing a job', async () => {
        const result = await pool.query(RELEASE, [
          availableAtSec,
          job.id,
          job.token,
          refund ? 1 : 0,
        ]);
        return result.rowCount === 1;
      }),
    fail: (job, record, now) =>
      tx('failing a job', async (client) => {
        const deleted = await client.query(
          'DELETE FROM jobs WHERE id = $1 AND claim_token = $2 RETURNING queue, payload',
          [job.id, job.token],
        );
        const row = deleted.rows[0] as { queue: string; payload: string } | undefined;
        if (!row) return false;
        await insertFailed(client, row, record, now);
        return true;
      }),
    releaseHolder: (holder, stall) =>
      tx("putting back a dead worker's jobs", (client) => releaseHolder(client, holder, stall)),
    renew: (jobs, leaseMs, now) =>
      wrap('renewing leases', async () => {
        if (jobs.length === 0) return [];
        const result = await pool.query(
          `UPDATE jobs j SET lease_until_ms = $3 FROM unnest($1::bigint[], $2::text[]) AS h(id, token)
           WHERE j.id = h.id AND j.claim_token = h.token RETURNING j.id`,
          [jobs.map((j) => j.id), jobs.map((j) => j.token), now + leaseMs],
        );
        return result.rows.map((row: { id: string }) => Number(row.id));
      }),
    nextDue: (queues) =>
      wrap('reading when jobs fall due', async () => {
        if (queues.length === 0) return null;
        const result = await pool.query(NEXT_DUE, [queues]);
        const at = (result.rows[0] as { at: string | null }).at;
        return at === null ? null : Number(at);
      }),
    watch: (wake, log) => listenForJobs({ url, where, wake, log }),
    snapshot: (queues, now, cursor) =>
      wrap('reading the backlog', () => readBacklog(pool, queues, now, cursor)),
    ...createFailedJobOps(pool, runner),
    close: () => pool.end(),
  };
}
