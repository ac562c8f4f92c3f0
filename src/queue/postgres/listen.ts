// A worker's LISTEN connection (one per worker process, outside the pool: a pooled client cannot
// hold a LISTEN). It checks once that a notification sent from another connection comes back,
// because a pooler in transaction mode (PgBouncer's pool_mode=transaction) accepts LISTEN and
// then delivers nothing sent elsewhere; if the check's NOTIFY does not arrive, the worker says so
// and polls. A lost connection is reconnected with backoff, and every (re)connect wakes the worker
// once, so a job added while nobody listened is not left for the poll.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Client, Notification } from 'pg';
import type { JobWatch } from '../store.js';
import { JOBS_CHANNEL, PROBE_PREFIX } from './notify.js';

const require = createRequire(import.meta.url);

export interface ListenOptions {
  readonly url: string;
  // Where, for messages (no password).
  readonly where: string;
  readonly wake: (queue: string | null) => void;
  readonly log: (line: string) => void;
  // How long the round-trip check waits for its own notification.
  readonly probeMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

export async function listenForJobs(options: ListenOptions): Promise<JobWatch> {
  const { Client: PgClient } = require('pg') as typeof import('pg');
  const { wake, log, where } = options;
  const probeMs = options.probeMs ?? 5000;
  let client: Client | null = null;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (message: Notification) => {
    if (message.channel !== JOBS_CHANNEL) return;
    const payload = message.payload ?? '';
    if (payload.startsWith(PROBE_PREFIX)) return;
    wake(payload === '' ? null : payload);
  };

  // Connects and LISTENs; resolves true once a notification of its own has come back.
  const connect = async (): Promise<boolean> => {
    const next = new PgClient({ connectionString: options.url });
    // A lost connection: drop it and connect again later (the poll covers the gap).
    next.on('error', () => {});
    next.on('end', () => {
      if (client !== next || closed) return;
      client = null;
      schedule();
    });
    next.on('notification', onNotification);
    try {
      return await listenOn(next);
    } catch (error) {
      if (client === next) client = null;
      await next.end().catch(() => {});
      throw error;
    }
  };

  const listenOn = async (next: Client): Promise<boolean> => {
    await next.connect();
    if (closed) {
      await next.end().catch(() => {});
      return false;
    }
    client = next;
    await next.query(`LISTEN ${JOBS_CHANNEL}`);
    const probe = `${PROBE_PREFIX}${randomBytes(6).toString('base64url')}`;
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), probeMs);
      const check = (message: Notification) => {
        if (message.payload !== probe) return;
        clearTimeout(timer);
        next.off('notification', check);
        resolve(true);
      };
      next.on('notification', check);
    });
    // From a connection of its own, as jobs are added: sent on the listening connection itself,
    // a pooler in transaction mode runs both on the same server session while it is idle, and
    // the probe would come back where real notifications never will.
    const sender = new PgClient({ connectionString: options.url });
    sender.on('error', () => {});
    try {
      await sender.connect();
      await sender.query('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, probe]);
    } finally {
      await sender.end().catch(() => {});
    }
    return heard;
  };

  const schedule = () => {
    if (closed || retry) return;
    const delay = Math.min(1000 * 2 ** failures, MAX_BACKOFF_MS);
    failures++;
    retry = setTimeout(() => {
      retry = null;
      void reconnect();
    }, delay);
    retry.unref();
  };

  const reconnect = async () => {
    try {
      if (await connect()) {
        if (failures > 0) log(`listening for new jobs on ${where} again`);
        failures = 0;
        wake(null);
      }
    } catch {
      schedule();
    }
  };

  const end = async () => {
    const current = client;
    client = null;
    await current?.end().catch(() => {});
  };

  try {
    if (!(await connect())) {
      await end();
      log(
        `LISTEN on ${where} hears nothing back (a pooler in transaction mode?): new jobs are seen by polling`,
      );
      return { how: 'polling', close: async () => {} };
    }
  } catch (error) {
    await end();
    if (closed) return { how: 'polling', close: async () => {} };
    log(`cannot LISTEN on ${where} (${(error as Error).message}): polling until it can`);
    schedule();
  }
  return {
    how: `LISTEN ${JOBS_CHANNEL}`,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      await end();
    },
  };
}
