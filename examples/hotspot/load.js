// Enqueues the reference backend's traffic into crew's store: payments in bursts, router probes
// and data pulls on a steady beat, dashboard refreshes, notifications, a log rotation a minute.
//
//   node examples/hotspot/load.js [--seconds 60] [--rate 1] [--store sqlite:var/crew.db]
//
// --rate scales every stream (2 = twice the traffic). Prints what it added each 5 s.
import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createQueue } from 'crew';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1' },
    store: { type: 'string', default: `sqlite:${resolve('var/crew.db')}` },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const queue = createQueue({ store: values.store });
const routers = Array.from({ length: 12 }, (_, i) => `rtr-${String(i + 1).padStart(2, '0')}`);
const plans = ['basic', 'pro', 'business'];
let tick = 0;
const added = {};

// Deterministic pseudo-randomness, so two runs put the same jobs in the same order.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const count = (mean) => {
  const n = mean * rate;
  return Math.floor(n) + (random() < n - Math.floor(n) ? 1 : 0);
};

function jobsForSecond(t) {
  const jobs = [];
  const add = (q, name, data, options) => {
    jobs.push({ queue: q, name, data, options });
    added[q] = (added[q] ?? 0) + 1;
  };
  // Payments arrive in bursts every 20 s (checkout peaks), a trickle in between.
  const payments = count(t % 20 < 3 ? 4 : 0.3);
  for (let i = 0; i < payments; i++) {
    add(
      'payments',
      'record-payment',
      {
        customer: `cust-${Math.floor(random() * 5000)}`,
        amountCents: 500 + Math.floor(random() * 20_000),
        plan: plans[Math.floor(random() * plans.length)],
      },
      { tries: 3, backoff: [10, 30, 60] },
    );
  }
  // Each router is probed every 10 s and its data pulled every 30 s.
  for (const [i, router] of routers.entries()) {
    if ((t + i) % 10 === 0)
      add('router-checks', 'probe-router', {
        router,
        host: '127.0.0.1',
        port: 9099,
        timeoutMs: 500,
      });
    if ((t + i) % 30 === 0) add('router-data', 'pull-router-data', { router });
  }
  if (t % 15 === 0) add('dashboard', 'refresh-dashboard', {});
  for (let i = 0; i < count(0.5); i++)
    add('default', 'send-notification', {
      to: `cust-${Math.floor(random() * 5000)}@example.test`,
      subject: 'Your receipt',
    });
  if (t % 60 === 0)
    add('log-rotation', 'rotate-log', { file: 'app.log', maxBytes: 256 * 1024, keep: 5 });
  return jobs;
}

mkdirSync(resolve('var'), { recursive: true });
const started = Date.now();
const timer = setInterval(async () => {
  const t = tick++;
  if (t >= seconds) {
    clearInterval(timer);
    await queue.close();
    console.log(`done: ${JSON.stringify(added)}`);
    return;
  }
  appendFileSync(resolve('var/app.log'), `${new Date().toISOString()} tick ${t}\n`.repeat(40));
  await queue.addBulk(jobsForSecond(t));
  if (t % 5 === 4)
    console.log(`${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(added)}`);
}, 1000);
