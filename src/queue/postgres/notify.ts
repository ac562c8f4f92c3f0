// Wake-ups on PostgreSQL: whatever makes jobs claimable (an add, a stalled job put back, a failed
// job retried) sends NOTIFY on one channel, in its own transaction, so the notification goes out
// at commit and only if it commits; the payload is the queue's name, once per queue however many
// rows. Every worker on every host that shares the database LISTENs (listen.ts) and claims at
// once instead of at its next poll.
import type { PoolClient } from 'pg';

export const JOBS_CHANNEL = 'crew_jobs';

// A payload that cannot be a queue name (queue names start with a letter or digit): the
// listener's own round-trip check, ignored by every other listener.
export const PROBE_PREFIX = '#probe ';

// Notifies each distinct queue once, inside the caller's transaction.
export async function notifyQueues(client: PoolClient, queues: Iterable<string>): Promise<void> {
  const distinct = [...new Set(queues)];
  if (distinct.length === 0) return;
  await client.query(`SELECT pg_notify('${JOBS_CHANNEL}', q) FROM unnest($1::text[]) AS t(q)`, [
    distinct,
  ]);
}
