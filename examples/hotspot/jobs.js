// The reference backend's seven queues as Node job handlers. Each does real, small work: the
// app's own data lives in its SQLite file (var/hotspot.db beside crew.yaml, or $HOTSPOT_DB),
// follow-up jobs go through ctx.queue into crew's store, and every handler honours ctx.signal.
//
//   payments       record-payment     store the payment, then queue its provisioning (2 s later,
//                                     so the producing transaction has committed, as the seed did)
//   provisioning   provision-service  activate the service the payment bought
//   router-checks  probe-router       TCP-connect to a router's management port, store the result
//   router-data    pull-router-data   aggregate a router's recent probes into its stats row
//   dashboard      refresh-dashboard  recompute the dashboard's totals
//   default        send-notification  append a notification to the outbox file
//   log-rotation   rotate-log         rotate the app log when it passes its size
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

const dbPath = resolve(process.env.HOTSPOT_DB ?? 'var/hotspot.db');
const varDir = dirname(dbPath);
let db = null;

// One handle per worker process, opened on first use (WAL: the worker processes share the file).
function app() {
  if (db) return db;
  mkdirSync(varDir, { recursive: true });
  db = new Database(dbPath, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.transaction(() =>
    db.exec(`
    CREATE TABLE IF NOT EXISTS payments (id INTEGER PRIMARY KEY, customer TEXT NOT NULL,
      amount_cents INTEGER NOT NULL, plan TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS services (payment_id INTEGER PRIMARY KEY, customer TEXT NOT NULL,
      plan TEXT NOT NULL, status TEXT NOT NULL, activated_at INTEGER);
    CREATE TABLE IF NOT EXISTS probes (id INTEGER PRIMARY KEY, router TEXT NOT NULL,
      ok INTEGER NOT NULL, latency_ms REAL, at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS probes_router_at ON probes (router, at);
    CREATE TABLE IF NOT EXISTS router_stats (router TEXT PRIMARY KEY, probes INTEGER NOT NULL,
      up_ratio REAL NOT NULL, p50_ms REAL, updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS dashboard (key TEXT PRIMARY KEY, value REAL NOT NULL,
      updated_at INTEGER NOT NULL);
  `),
  ).immediate();
  return db;
}

const now = () => Date.now();

function check(signal) {
  if (signal.aborted) throw signal.reason;
}

// Connects and closes; resolves with the time it took, rejects on refusal or after timeoutMs.
function connectTime(host, port, timeoutMs, signal) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const socket = createConnection({ host, port, timeout: timeoutMs, signal });
    socket.once('connect', () => {
      socket.destroy();
      done(performance.now() - started);
    });
    socket.once('timeout', () => {
      socket.destroy();
      fail(new Error(`${host}:${port} did not answer within ${timeoutMs} ms`));
    });
    socket.once('error', fail);
  });
}

export default {
  async 'record-payment'(data, ctx) {
    if (!Number.isInteger(data?.amountCents) || data.amountCents <= 0) {
      throw new Error(
        `record-payment: amountCents must be a positive whole number, got ${data?.amountCents}`,
      );
    }
    const { lastInsertRowid } = app()
      .prepare(
        'INSERT INTO payments (customer, amount_cents, plan, created_at) VALUES (?, ?, ?, ?)',
      )
      .run(data.customer, data.amountCents, data.plan ?? 'basic', now());
    check(ctx.signal);
    await ctx.queue.add(
      'provisioning',
      'provision-service',
      { paymentId: Number(lastInsertRowid) },
      { delayMs: 2000, tries: 5, backoff: [5, 15, 30, 60, 120] },
    );
  },

  async 'provision-service'(data) {
    const payment = app().prepare('SELECT * FROM payments WHERE id = ?').get(data.paymentId);
    if (!payment)
      throw new Error(`provision-service: payment ${data.paymentId} does not exist (yet)`);
    app()
      .prepare(
        `INSERT INTO services (payment_id, customer, plan, status, activated_at) VALUES (?, ?, ?, 'active', ?)
         ON CONFLICT (payment_id) DO UPDATE SET status = 'active', activated_at = excluded.activated_at`,
      )
      .run(payment.id, payment.customer, payment.plan, now());
  },

  async 'probe-router'(data, ctx) {
    const [host, port] = [data.host ?? '127.0.0.1', data.port ?? 22];
    let ok = 1;
    let latency = null;
    try {
      latency = await connectTime(host, port, data.timeoutMs ?? 1000, ctx.signal);
    } catch {
      ok = 0;
    }
    app()
      .prepare('INSERT INTO probes (router, ok, latency_ms, at) VALUES (?, ?, ?, ?)')
      .run(data.router, ok, latency, now());
  },

  async 'pull-router-data'(data) {
    const since = now() - 15 * 60_000;
    const rows = app()
      .prepare('SELECT ok, latency_ms FROM probes WHERE router = ? AND at >= ? ORDER BY latency_ms')
      .all(data.router, since);
    const up = rows.filter((r) => r.ok === 1);
    const p50 = up.length > 0 ? up[Math.floor(up.length / 2)].latency_ms : null;
    app()
      .prepare(
        `INSERT INTO router_stats (router, probes, up_ratio, p50_ms, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (router) DO UPDATE SET probes = excluded.probes, up_ratio = excluded.up_ratio,
           p50_ms = excluded.p50_ms, updated_at = excluded.updated_at`,
      )
      .run(data.router, rows.length, rows.length === 0 ? 0 : up.length / rows.length, p50, now());
  },

  async 'refresh-dashboard'() {
    const totals = app()
      .prepare(
        `SELECT (SELECT COUNT(*) FROM payments) AS payments,
                (SELECT COALESCE(SUM(amount_cents), 0) FROM payments) AS revenue_cents,
                (SELECT COUNT(*) FROM services WHERE status = 'active') AS active_services,
                (SELECT AVG(up_ratio) FROM router_stats) AS router_uptime`,
      )
      .get();
    const upsert = app().prepare(
      `INSERT INTO dashboard (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    app().transaction(() => {
      for (const [key, value] of Object.entries(totals)) upsert.run(key, value ?? 0, now());
    })();
  },

  async 'send-notification'(data) {
    mkdirSync(varDir, { recursive: true });
    appendFileSync(
      join(varDir, 'outbox.log'),
      `${new Date().toISOString()} to=${data.to} subject=${JSON.stringify(data.subject ?? '')}\n`,
    );
  },

  async 'rotate-log'(data) {
    const file = resolve(varDir, data?.file ?? 'app.log');
    const maxBytes = data?.maxBytes ?? 1024 * 1024;
    const keep = data?.keep ?? 5;
    if (!existsSync(file) || statSync(file).size < maxBytes) return;
    rmSync(`${file}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n -= 1) {
      if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    renameSync(file, `${file}.1`);
  },
};
