// Putting back the jobs of a worker process that died (PostgreSQL), inside one transaction: each
// goes back without spending the try its claim counted, or to failed_jobs past max_stalls.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { payloadUuid } from '../payload.js';
import type { StallOptions, StallOutcome } from '../store.js';
import { stalledException, stallVerdict } from '../store.js';
import { insertFailed } from './failed-jobs.js';
import { notifyQueues } from './notify.js';

// Claimed rows only (the lease index); a holder's tokens start with `<holder>.`, and a host's
// holders with its id (cluster/host-id.ts): the '.' after the prefix keeps out tokens of workers
// without a holder. starts_with rather than a range: a linguistic collation does not order '.'
// and '/' bytewise.
const HELD_BY = `SELECT id, queue, payload, stalls FROM jobs
  WHERE lease_until_ms >= 0 AND starts_with(claim_token, $1)
    AND strpos(claim_token, '.') >= length($1) FOR UPDATE`;

const UNSTALL = `UPDATE jobs SET reserved_at = NULL, claim_token = NULL, lease_until_ms = NULL,
  attempts = GREATEST(attempts - 1, 0), stalls = stalls + 1 WHERE id = ANY($1::bigint[])`;

export function releaseHolder(
  client: PoolClient,
  holder: string,
  options: StallOptions,
): Promise<StallOutcome> {
  return releaseClaims(client, `${holder}.`, options);
}

// Puts back the jobs claimed by any worker whose holder id starts with `prefix` (a vanished
// host's id), in the caller's transaction, as releaseHolder does for one worker.
export async function releaseClaims(
  client: PoolClient,
  prefix: string,
  options: StallOptions,
): Promise<StallOutcome> {
  const held = await client.query(HELD_BY, [prefix]);
  const rows = held.rows as { id: string; queue: string; payload: string; stalls: number }[];
  const released: StallOutcome['released'][number][] = [];
  const failed: StallOutcome['failed'][number][] = [];
  for (const row of rows) {
    const job = { id: Number(row.id), queue: row.queue, stalls: row.stalls + 1 };
    if (stallVerdict(row.stalls, options.maxStalls) === 'release') {
      released.push(job);
      continue;
    }
    const uuid = payloadUuid(row.payload) ?? randomUUID();
    await insertFailed(
      client,
      row,
      { uuid, exception: stalledException(job.stalls, options) },
      options.now,
    );
    await client.query('DELETE FROM jobs WHERE id = $1', [job.id]);
    failed.push({ ...job, uuid });
  }
  if (released.length > 0) {
    await client.query(UNSTALL, [released.map((job) => job.id)]);
    await notifyQueues(
      client,
      released.map((job) => job.queue),
    );
  }
  return { released, failed };
}
