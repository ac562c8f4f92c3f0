// The cluster's shell: while `crew up` runs on a PostgreSQL store, this host beats every
// `cluster.heartbeat` (its row in crew_hosts with its report), marks the hosts silent past their
// `cluster.timeout` as gone and puts back their workers' claims at once — in one transaction, so
// a host is never marked gone without its jobs going back — then reads the hosts for status, the
// queue shares and the desired hosts. A store that does not answer is logged once per streak;
// the beats go on. On a clean stop the host leaves the table.
import { createRequire } from 'node:module';
import type { Pool, PoolClient } from 'pg';
import type { ClusterConfig } from '../config/types.js';
import type { EventBus } from '../events/typed-emitter.js';
import { releaseClaims } from '../queue/postgres/stalls.js';
import { redactUrl } from '../queue/store-url.js';
import type { ClusterEvents } from './events.js';
import { beat, createHostsTable, leave, listHosts, markSilent } from './hosts-table.js';
import type { HostRecord, HostReport } from './report.js';
import { peersByQueue } from './shares.js';

const require = createRequire(import.meta.url);

export interface ClusterDeps {
  readonly url: string;
  readonly id: string;
  readonly config: ClusterConfig;
  // This host's report, read at each beat.
  readonly report: () => HostReport;
  readonly events: EventBus<ClusterEvents>;
  readonly log: (line: string) => void;
}

export interface Cluster {
  readonly id: string;
  // The hosts at the latest beat (live ones, and those gone lately), oldest first.
  hosts(): readonly HostRecord[];
  // Per queue, the pools of the other live hosts serving it.
  peers(): ReadonlyMap<string, number>;
  // Beats now (the loop does every heartbeat); resolves when done.
  beat(): Promise<void>;
  // Stops beating and leaves the table (once, however often called).
  stop(): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function startCluster(deps: ClusterDeps): Cluster {
  const { Pool: PgPool } = require('pg') as typeof import('pg');
  // A store that stops answering must not hold a beat (or the stop) for ever: a beat gives up
  // within the timeout, logs, and the next one tries again.
  const limitMs = deps.config.timeoutMs;
  const pool: Pool = new PgPool({
    connectionString: deps.url,
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: limitMs,
    query_timeout: limitMs,
  });
  pool.on('error', () => {});
  const where = redactUrl(deps.url);
  const { id, config } = deps;
  let hosts: readonly HostRecord[] = [];
  let peers: ReadonlyMap<string, number> = new Map();
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let created = false;
  let stopping: Promise<void> | null = null;

  const inTx = async <T>(client: PoolClient, body: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN');
    try {
      const result = await body();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  };

  // Marks the silent hosts gone and puts back their claims, each host in its own transaction.
  const reap = async (client: PoolClient) => {
    for (;;) {
      const gone = await inTx(client, async () => {
        const [host] = await markSilent(client, id, 1);
        if (!host) return null;
        const silentMs = host.readAt - host.heartbeatAt;
        const outcome = await releaseClaims(client, host.id, {
          maxStalls: host.report.maxStalls,
          reason: `its host ${host.report.hostname} (${host.id}) went silent for ${seconds(silentMs)}`,
          now: Date.now(),
        });
        return { host, silentMs, outcome };
      });
      if (!gone) return;
      const { host, silentMs, outcome } = gone;
      deps.events.emit('cluster:host-gone', {
        host: host.id,
        hostname: host.report.hostname,
        silentMs,
        released: outcome.released,
        failed: outcome.failed,
      });
    }
  };

  const once = async () => {
    const client = await pool.connect();
    try {
      if (!created) {
        await createHostsTable(client);
        created = true;
      }
      const { goneBy } = await beat(client, id, config.timeoutMs, deps.report());
      if (goneBy !== null) deps.events.emit('cluster:rejoined', { by: goneBy });
      await reap(client);
      hosts = await listHosts(client);
      peers = peersByQueue(hosts, id);
      if (failing) deps.log(`cluster: the store on ${where} answers again`);
      failing = false;
    } finally {
      client.release();
    }
  };

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= once()
      .catch((error: unknown) => {
        if (!failing)
          deps.log(`cluster: heartbeat on ${where} failed: ${(error as Error).message}`);
        failing = true;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const loop = () => {
    if (stopped) return;
    void run().then(() => {
      if (stopped) return;
      timer = setTimeout(loop, config.heartbeatMs);
      timer.unref();
    });
  };
  loop();

  return {
    id,
    hosts: () => hosts,
    peers: () => peers,
    beat: run,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await running;
        try {
          const client = await pool.connect();
          try {
            await leave(client, id);
          } finally {
            client.release();
          }
        } catch (error) {
          deps.log(`cluster: could not leave crew_hosts on ${where}: ${(error as Error).message}`);
        }
        await pool.end();
      })();
      return stopping;
    },
  };
}
