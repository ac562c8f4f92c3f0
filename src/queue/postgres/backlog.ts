// The backlog snapshot on PostgreSQL: per-queue ready/delayed/reserved counts and the oldest
// ready job in one grouped query, failed counts, and arrivals since the caller's cursor.
import type { Pool } from 'pg';
import { buildSnapshot } from '../snapshot.js';
import { unixSeconds } from '../store.js';
import type { BacklogSnapshot } from '../types.js';

const READY =
  '(reserved_at IS NULL AND available_at <= $1) OR (reserved_at IS NOT NULL AND lease_until_ms <= $2)';

const COUNTS = `
SELECT queue,
  COUNT(*) FILTER (WHERE ${READY})::int AS ready,
  COUNT(*) FILTER (WHERE reserved_at IS NULL AND available_at > $1)::int AS delayed,
  COUNT(*) FILTER (WHERE reserved_at IS NOT NULL AND lease_until_ms > $2)::int AS reserved,
  MIN(available_at) FILTER (WHERE ${READY}) AS oldest
FROM jobs WHERE queue = ANY($3::text[]) GROUP BY queue`;

// Reads the backlog of `queues` at `now`; arrivals count jobs with ids past `cursor`.
export async function readBacklog(
  pool: Pool,
  queues: readonly string[],
  now: number,
  cursor: number | null,
): Promise<BacklogSnapshot> {
  const [counts, failed, max, arrivals] = await Promise.all([
    pool.query(COUNTS, [unixSeconds(now), now, queues]),
    pool.query(
      'SELECT queue, COUNT(*)::int AS n FROM failed_jobs WHERE queue = ANY($1::text[]) GROUP BY queue',
      [queues],
    ),
    pool.query('SELECT MAX(id) AS id FROM jobs'),
    cursor === null
      ? null
      : pool.query(
          'SELECT queue, COUNT(*)::int AS n FROM jobs WHERE id > $1 AND queue = ANY($2::text[]) GROUP BY queue',
          [cursor, queues],
        ),
  ]);
  const byQueue = new Map(
    (
      counts.rows as {
        queue: string;
        ready: number;
        delayed: number;
        reserved: number;
        oldest: number | null;
      }[]
    ).map((r) => [r.queue, r]),
  );
  const failedBy = new Map(
    (failed.rows as { queue: string; n: number }[]).map((r) => [r.queue, r.n]),
  );
  const arrivedBy = new Map(
    (arrivals?.rows ?? []).map((r: { queue: string; n: number }) => [r.queue, r.n]),
  );
  const maxId = Number((max.rows[0] as { id: string | null }).id ?? 0);
  return buildSnapshot(queues, now, byQueue, failedBy, arrivedBy, Math.max(cursor ?? 0, maxId));
}
