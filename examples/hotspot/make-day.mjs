// Writes day.csv: one day of the reference backend's queue traffic, for `crew simulate` and
// `crew plan`. Deterministic (a seeded generator), so the file can be re-made byte for byte:
//   node examples/hotspot/make-day.mjs > examples/hotspot/day.csv
//
// The shape: quiet night, a morning ramp from 06:00 to 09:00, a day plateau, an evening peak
// from 17:00 to 21:00 and a decline to midnight. Mobile-money callbacks (payments) arrive at up
// to 0.1/s, plus bursts of 30–70 callbacks within 20 s every 20 minutes at peak (the provider
// delivering a batch); each payment provisions a user on a router 2–4 s later. 40 routers are
// health-checked every 30 s and their session data pulled every 5 minutes; logs rotate every
// minute; the dashboard aggregates every minute and serves views; notifications go to default.
import { createRandom } from '../lib/random.mjs';

const { random, exponential } = createRandom(20240611);
// Log-normal around a median, clamped.
function lognormal(median, sigma, min, max) {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(max, Math.max(min, median * Math.exp(sigma * z)));
}

// Traffic level over the day (0..1), by hour, linear between the points.
const levels = [
  [0, 0.15],
  [5, 0.1],
  [6, 0.25],
  [9, 1],
  [12, 1],
  [13, 0.8],
  [17, 0.9],
  [18, 1],
  [21, 1],
  [24, 0.15],
];
function level(sec) {
  const h = sec / 3600;
  for (let i = 1; i < levels.length; i++) {
    const [h1, v1] = levels[i];
    const [h0, v0] = levels[i - 1];
    if (h <= h1) return v0 + ((v1 - v0) * (h - h0)) / (h1 - h0);
  }
  return levels.at(-1)[1];
}

const DAY = 86_400;
const rows = [];
const add = (t, queue, jobs, service) => rows.push([t, queue, jobs, service]);

// A Poisson stream whose rate follows the traffic level (thinning).
function poisson(peakRate, each) {
  for (let t = exponential(peakRate); t < DAY; t += exponential(peakRate)) {
    if (random() < level(t)) each(t);
  }
}

function payment(t) {
  add(t, 'payments', 1, lognormal(0.8, 0.4, 0.2, 5));
  add(t + 2 + 2 * random(), 'provisioning', 1, lognormal(1.5, 0.5, 0.3, 8));
  add(t + 1 + random(), 'default', 1, lognormal(0.3, 0.3, 0.1, 2));
}
poisson(0.1, payment);
for (let t = 6 * 3600; t < DAY; t += 20 * 60) {
  if (level(t) < 0.85) continue;
  const start = t + 300 * random();
  const size = 30 + Math.floor(40 * random());
  for (let i = 0; i < size; i++) payment(start + 20 * random());
}
poisson(0.05, (t) => add(t, 'default', 1, lognormal(0.3, 0.3, 0.1, 2)));
for (let t = 0; t < DAY; t += 30) add(t, 'router-checks', 40, 0.3);
for (let t = 15; t < DAY; t += 300) add(t, 'router-data', 40, 3);
for (let t = 0; t < DAY; t += 60) add(t + 0.5, 'log-rotation', 1, 0.5);
for (let t = 0; t < DAY; t += 60) add(t + 5, 'dashboard', 1, 2 + 4 * level(t));
poisson(0.03, (t) => add(t, 'dashboard', 1, lognormal(1.5, 0.4, 0.3, 6)));

rows.sort((a, b) => a[0] - b[0]);
const lines = [
  '# One day of the reference backend (examples/hotspot/make-day.mjs); time in seconds from',
  '# midnight, service in seconds. See docs/scaling.md for the format.',
  'time,queue,jobs,service',
];
for (const [t, queue, jobs, service] of rows) {
  if (t >= DAY) continue;
  lines.push(`${t.toFixed(1)},${queue},${jobs},${service.toFixed(2)}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
