// crew_hosts on the shared PostgreSQL store: one row per `crew up`, its heartbeat and report.
// Every time is the database's clock, so hosts whose clocks disagree still agree on who is
// silent. A host is gone once a surviving host marks it so (one UPDATE: of two hosts reaping at
// once, one gets the row); a gone host that beats again is told so and rejoins.
import type { PoolClient } from 'pg';
import type { HostRecord, HostReport } from './report.js';

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
// Gone hosts stay listed this long (`status --cluster` shows what happened), then are removed.
export const GONE_KEPT_MS = 15 * 60_000;

export async function createHostsTable(client: PoolClient): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS crew_hosts (
    id varchar(16) PRIMARY KEY,
    heartbeat_ms bigint NOT NULL,
    timeout_ms integer NOT NULL,
    gone_at_ms bigint,
    gone_by varchar(16),
    report jsonb NOT NULL
  )`);
}

// Beats for `id`. Returns the host that had declared it gone, if one had (it rejoins).
export async function beat(
  client: PoolClient,
  id: string,
  timeoutMs: number,
  report: HostReport,
): Promise<{ goneBy: string | null }> {
  const result = await client.query(
    `WITH before AS (SELECT gone_by FROM crew_hosts WHERE id = $1 AND gone_at_ms IS NOT NULL)
     INSERT INTO crew_hosts (id, heartbeat_ms, timeout_ms, report) VALUES ($1, ${NOW_MS}, $2, $3)
     ON CONFLICT (id) DO UPDATE SET heartbeat_ms = EXCLUDED.heartbeat_ms,
       timeout_ms = EXCLUDED.timeout_ms, report = EXCLUDED.report, gone_at_ms = NULL, gone_by = NULL
     RETURNING (SELECT gone_by FROM before) AS gone_by`,
    [id, timeoutMs, JSON.stringify(report)],
  );
  return { goneBy: (result.rows[0] as { gone_by: string | null } | undefined)?.gone_by ?? null };
}

// Marks up to `limit` other hosts silent past their timeout as gone, by `me`; returns them.
// SKIP LOCKED: a host another survivor is reaping now is its to report.
export async function markSilent(
  client: PoolClient,
  me: string,
  limit: number,
): Promise<HostRecord[]> {
  const result = await client.query(
    `UPDATE crew_hosts SET gone_at_ms = ${NOW_MS}, gone_by = $1
     WHERE id IN (SELECT id FROM crew_hosts
       WHERE gone_at_ms IS NULL AND id <> $1 AND heartbeat_ms + timeout_ms < ${NOW_MS}
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, heartbeat_ms, timeout_ms, gone_at_ms, gone_by, report, ${NOW_MS} AS read_at`,
    [me, limit],
  );
  return result.rows.map(recordOf);
}

// Every live host, and those gone within GONE_KEPT_MS; older gone rows are removed.
export async function listHosts(client: PoolClient): Promise<HostRecord[]> {
  await client.query(
    `DELETE FROM crew_hosts WHERE gone_at_ms IS NOT NULL AND gone_at_ms < ${NOW_MS} - $1`,
    [GONE_KEPT_MS],
  );
  const result = await client.query(
    `SELECT id, heartbeat_ms, timeout_ms, gone_at_ms, gone_by, report, ${NOW_MS} AS read_at
     FROM crew_hosts ORDER BY (report->>'startedAt')::bigint, id`,
  );
  return result.rows.map(recordOf);
}

// A host that stops cleanly leaves (its workers have finished: it holds nothing).
export async function leave(client: PoolClient, id: string): Promise<void> {
  await client.query('DELETE FROM crew_hosts WHERE id = $1', [id]);
}

interface HostRow {
  id: string;
  heartbeat_ms: string;
  timeout_ms: number;
  gone_at_ms: string | null;
  gone_by: string | null;
  report: HostReport;
  read_at: string;
}

function recordOf(row: HostRow): HostRecord {
  return {
    id: row.id,
    report: row.report,
    heartbeatAt: Number(row.heartbeat_ms),
    timeoutMs: row.timeout_ms,
    goneAt: row.gone_at_ms === null ? null : Number(row.gone_at_ms),
    goneBy: row.gone_by,
    readAt: Number(row.read_at),
  };
}
