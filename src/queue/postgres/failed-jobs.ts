// failed_jobs on PostgreSQL: listing, counting, retrying (back onto their queues, attempts
// reset, in one transaction) and flushing.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { FailedJobRow, FailRecord, JobStore } from '../store.js';
import { failedJobRow, unixSeconds } from '../store.js';
import type { PgRunner } from './connection.js';
import { notifyQueues } from './notify.js';

export type FailedJobOps = Pick<
  JobStore,
  'failedList' | 'failedCount' | 'failedRetry' | 'failedFlush'
>;

// The failed_jobs half of the PostgreSQL store.
export function createFailedJobOps(pool: Pool, { wrap, tx }: PgRunner): FailedJobOps {
  return {
    failedList: ({ limit, queue }) =>
      wrap('listing failed jobs', async () => {
        const result =
          queue === undefined
            ? await pool.query('SELECT * FROM failed_jobs ORDER BY id DESC LIMIT $1', [limit])
            : await pool.query(
                'SELECT * FROM failed_jobs WHERE queue = $1 ORDER BY id DESC LIMIT $2',
                [queue, limit],
              );
        return result.rows.map(
          (r: {
            id: string;
            uuid: string;
            connection: string;
            queue: string;
            payload: string;
            exception: string;
            failed_at: Date;
          }) =>
            ({
              id: Number(r.id),
              uuid: r.uuid,
              connection: r.connection,
              queue: r.queue,
              payload: r.payload,
              exception: r.exception,
              failedAt:
                r.failed_at instanceof Date ? r.failed_at.toISOString() : String(r.failed_at),
            }) satisfies FailedJobRow,
        );
      }),
    failedCount: () =>
      wrap('counting failed jobs', async () => {
        const result = await pool.query('SELECT COUNT(*)::int AS n FROM failed_jobs');
        return (result.rows[0] as { n: number }).n;
      }),
    failedRetry: (ids, now) =>
      tx('retrying failed jobs', async (client) => {
        const deleted =
          ids === 'all'
            ? await client.query('DELETE FROM failed_jobs RETURNING id, queue, payload')
            : await client.query(
                'DELETE FROM failed_jobs WHERE id = ANY($1::bigint[]) RETURNING id, queue, payload',
                [ids],
              );
        const rows = (deleted.rows as { id: string; queue: string; payload: string }[]).sort(
          (a, b) => Number(a.id) - Number(b.id),
        );
        if (rows.length > 0) {
          await client.query(
            `INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at)
           SELECT q, p, 0, NULL, $3, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(q, p, n) ORDER BY n`,
            [rows.map((r) => r.queue), rows.map((r) => r.payload), unixSeconds(now)],
          );
          await notifyQueues(
            client,
            rows.map((r) => r.queue),
          );
        }
        return rows.map((r) => Number(r.id));
      }),
    failedFlush: (before) =>
      wrap('flushing failed jobs', async () => {
        const result =
          before === undefined
            ? await pool.query('DELETE FROM failed_jobs')
            : await pool.query('DELETE FROM failed_jobs WHERE failed_at < $1', [
                new Date(before).toISOString(),
              ]);
        return result.rowCount ?? 0;
      }),
  };
}

const INSERT_FAILED = `INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (uuid) DO NOTHING RETURNING id`;

// Writes a failed_jobs row inside the caller's transaction. A uuid already there (two jobs
// sharing one) gets a fresh one rather than an error that would run the job again and again.
export async function insertFailed(
  client: PoolClient,
  job: { readonly queue: string; readonly payload: string },
  record: FailRecord,
  now: number,
): Promise<void> {
  const insert = (r: FailRecord) => {
    const f = failedJobRow(job, r, now);
    return client.query(INSERT_FAILED, [
      f.uuid,
      f.connection,
      f.queue,
      f.payload,
      f.exception,
      f.failedAt,
    ]);
  };
  if ((await insert(record)).rowCount === 0) await insert({ ...record, uuid: randomUUID() });
}
