#!/usr/bin/env node
// Plays a recorded evening of the hotspot backend's traffic into the Laravel app, the way the
// app itself dispatches it (one long-lived `php artisan crew:load`, so a burst costs a line per
// callback, not a PHP start-up): a quiet start, then bursts of 30–70 mobile-money callbacks
// within 20 s (each provisions a user 2 s later and sends an SMS), the 20 routers checked every
// 30 s and their data pulled every 5 minutes, the dashboard refreshed and the log rotated every
// minute, a trickle of payments and notifications in between.
//
//   node examples/laravel/load.js                       # the evening as recorded: bursts 20 min apart
//   node examples/laravel/load.js --seconds 180 --compress 20
//                                # 3 minutes, the quiet time between bursts cut 20× (one a minute);
//                                # bursts, checks and pulls keep their real rates
//   node examples/laravel/load.js --print               # the schedule, without dispatching
//
// Deterministic (--seed): the same options give the same jobs at the same offsets. The app's
// database is the one its DB_URL names (the default: database/database.sqlite). Prints what it
// dispatched every 10 s, and a JSON summary as its last line.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createRandom } from '../lib/random.mjs';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3600' },
    compress: { type: 'string', default: '1' },
    seed: { type: 'string', default: '11' },
    routers: { type: 'string', default: '20' },
    app: { type: 'string', default: new URL('.', import.meta.url).pathname },
    php: { type: 'string', default: 'php' },
    print: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const compress = Number(values.compress);
const routers = Number(values.routers);
if (!(seconds > 0) || !(compress >= 1) || !(routers >= 1)) {
  console.error(
    'usage: load.js [--seconds N > 0] [--compress F >= 1] [--routers N >= 1] [--seed N] [--print]',
  );
  process.exit(2);
}

const { random, exponential } = createRandom(Number(values.seed));

// The evening as recorded: at 18:00 it is quiet for 5 minutes, then the provider delivers a
// batch of callbacks every 20 minutes. --compress shortens only those quiet stretches.
const QUIET_S = 300 / compress;
const BURST_EVERY_S = 1200 / compress;
const events = [];
const at = (t, queue, count, options) => {
  if (t < seconds) events.push({ t, queue, count, options });
};
for (let t = exponential(0.03); t < seconds; t += exponential(0.03)) at(t, 'payments', 1);
for (let t = exponential(0.02); t < seconds; t += exponential(0.02)) at(t, 'default', 1);
for (let start = QUIET_S; start < seconds; start += BURST_EVERY_S) {
  const size = 30 + Math.floor(40 * random());
  for (let i = 0; i < size; i++) at(start + 20 * random(), 'payments', 1);
}
for (let t = 0; t < seconds; t += 30) at(t, 'router-checks', routers);
for (let t = 15; t < seconds; t += 300) at(t, 'router-data', routers);
for (let t = 5; t < seconds; t += 60) at(t, 'dashboard', 1);
for (let t = 0.5; t < seconds; t += 60) at(t, 'log-rotation', 1);
events.sort((a, b) => a.t - b.t);

if (values.print) {
  for (const e of events)
    console.log(
      `${e.t.toFixed(2)} ${e.queue} ${e.count}${e.options ? ` ${JSON.stringify(e.options)}` : ''}`,
    );
  process.exit(0);
}

const php = spawn(values.php, ['artisan', 'crew:load'], {
  cwd: values.app,
  stdio: ['pipe', 'pipe', 'inherit'],
});
php.on('error', (error) => {
  console.error(`cannot run ${values.php} artisan crew:load in ${values.app}: ${error.message}`);
  process.exit(1);
});
const dispatched = {};
let errors = 0;
createInterface({ input: php.stdout }).on('line', (line) => {
  const [word, queue, n] = line.split(' ');
  if (word === 'ok') dispatched[queue] = (dispatched[queue] ?? 0) + Number(n);
  else {
    errors += 1;
    console.error(line);
  }
});
const exited = new Promise((resolve) => php.on('exit', (code) => resolve(code)));

const started = performance.now();
const report = setInterval(() => {
  const t = Math.round((performance.now() - started) / 1000);
  console.log(`${t} s: ${JSON.stringify(dispatched)}`);
}, 10_000);
for (const event of events) {
  const due = started + event.t * 1000 - performance.now();
  if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
  const options = event.options ? ` ${JSON.stringify(event.options)}` : '';
  php.stdin.write(`${event.queue} ${event.count}${options}\n`);
}
php.stdin.end();
const code = await exited;
clearInterval(report);
const total = Object.values(dispatched).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ seconds, compress, dispatched, total, errors, exit: code }));
process.exit(code === 0 && errors === 0 ? 0 : 1);
