// Request load for php-fpm, straight over FastCGI (dist/'s fetchFpm, no web server between):
// a schedule of arrival times computed up front, so every run plays exactly the same one, and
// a player that fires each request at its time (open loop: a slow answer does not delay the
// next arrival) with a bounded number in flight. A request whose time comes while the bound is
// reached waits for a slot, and its latency counts from its scheduled time, so the wait shows.
import { performance } from 'node:perf_hooks';
import { fetchFpm } from '../../dist/fpm/status/fetch.js';
import { sleep } from './run.mjs';
import { percentile } from './spread.mjs';

// Arrival offsets in ms, sorted: `rate` a second for `seconds`, plus a burst of `concurrency`
// requests at once every `everyMs` for `burstMs` from `burstAtMs` (≈ `concurrency` in flight
// when a request takes about `everyMs`).
export function buildSchedule({ rate, seconds, burst }) {
  const at = [];
  for (let i = 0; i < rate * seconds; i++) at.push((i * 1000) / rate);
  for (let t = burst.atMs; t < burst.atMs + burst.ms; t += burst.everyMs) {
    for (let k = 0; k < burst.concurrency; k++) at.push(t);
  }
  return at.sort((a, b) => a - b);
}

// Plays `schedule` against `request()` (resolving with {ok, body} or {ok: false, message});
// resolves with every request's outcome once all have answered.
export async function playSchedule(schedule, request, { maxInFlight }) {
  const results = new Array(schedule.length);
  const startedAt = performance.now();
  let inFlight = 0;
  let peakInFlight = 0;
  // Requests that found the bound reached when their time came.
  let waitedForSlot = 0;
  const slotFreed = [];
  const running = [];
  const fire = async (index) => {
    const due = startedAt + schedule[index];
    if (inFlight >= maxInFlight) waitedForSlot += 1;
    while (inFlight >= maxInFlight) await new Promise((resolve) => slotFreed.push(resolve));
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const sentAt = performance.now();
    let outcome;
    try {
      outcome = await request();
    } catch (error) {
      outcome = { ok: false, message: String(error) };
    }
    const doneAt = performance.now();
    inFlight -= 1;
    slotFreed.shift()?.();
    results[index] = {
      atMs: schedule[index],
      // From its scheduled time (includes any wait for a slot or a late timer).
      latencyMs: doneAt - due,
      // From the moment it was sent.
      serviceMs: doneAt - sentAt,
      ok: outcome.ok === true,
      pid: outcome.ok ? Number(outcome.body) : null,
      error: outcome.ok ? null : (outcome.message ?? `status ${outcome.statusCode}`),
    };
  };
  for (let i = 0; i < schedule.length; i++) {
    const wait = startedAt + schedule[i] - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(fire(i));
  }
  await Promise.all(running);
  return {
    results,
    peakInFlight,
    waitedForSlot,
    wallMs: performance.now() - startedAt,
  };
}

// One request for the script, answered with its child's pid; anything else is an error.
export function fpmRequester({ listen, path, scriptFilename, timeoutMs }) {
  return async () => {
    const answer = await fetchFpm({ listen, path, scriptFilename, timeoutMs });
    if (!answer.ok) return answer;
    if (answer.statusCode !== 200 || !/^\d+$/.test(answer.body.trim()))
      return {
        ok: false,
        message: `${answer.statusCode}: ${JSON.stringify(answer.body.slice(0, 80))} ${answer.stderr}`,
      };
    return { ok: true, body: answer.body.trim() };
  };
}

// `concurrency` requests kept in flight (closed loop) for `ms` after `warmMs` untimed: how long
// one takes when that many run at once, and how many a second they make.
export async function timeConcurrent(request, { concurrency, ms, warmMs }) {
  const latencies = [];
  let errors = 0;
  const startedAt = performance.now();
  const countFrom = startedAt + warmMs;
  const endAt = countFrom + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const sentAt = performance.now();
        const answer = await request();
        if (sentAt < countFrom) continue;
        if (answer.ok) latencies.push(performance.now() - sentAt);
        else errors += 1;
      }
    }),
  );
  return {
    concurrency,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    perSecond: latencies.length / (ms / 1000),
    errors,
  };
}

// p50 / p95 / p99 of the answered requests' latency, the errors, and the distinct children.
export function summarizeLoad(results) {
  const answered = results.filter((r) => r.ok).map((r) => r.latencyMs);
  const q = (p) => (answered.length > 0 ? percentile(answered, p) : Number.NaN);
  const errors = results.filter((r) => !r.ok);
  return {
    requests: results.length,
    p50Ms: q(50),
    p95Ms: q(95),
    p99Ms: q(99),
    maxMs: answered.length > 0 ? Math.max(...answered) : Number.NaN,
    errors: errors.length,
    firstErrors: [...new Set(errors.map((r) => r.error))].slice(0, 3),
    childrenServing: new Set(results.filter((r) => r.ok).map((r) => r.pid)).size,
  };
}
