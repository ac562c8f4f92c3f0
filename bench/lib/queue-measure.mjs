// The measurements of the queue benchmark, the same for every peer (see bench/README.md, queue):
// latency from enqueue to handler start at steady rates and from an idle worker, processing rate
// of a waiting backlog with the worker's PSS, and enqueue rate. A peer is an adapter
// ({id, enqueue, enqueueMany, remaining, startWorker, isReady?}) from queue-peer-*.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMemoryBytes } from './proc.mjs';
import { sleep, waitFor } from './run.mjs';

// Each session's own output file, even when a queue name comes back.
let sessions = 0;
const outFile = (dir, peer, queue) => join(dir, `${peer.id}-${queue}-${++sessions}.out`);

// The clock the probe (queue-workers/probe.mjs) stamps with: wall-clock origin + monotonic.
export const clock = () => performance.timeOrigin + performance.now();

function readLines(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
}

// Starts the peer's worker and waits until it says it is ready (or its host logs so).
async function startReady(peer, children, options) {
  const child = await peer.startWorker(options);
  await waitFor(
    `${peer.id}: the worker to be ready`,
    () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${peer.id}: the worker exited:\n${child.stderrText()}`);
      return peer.isReady
        ? peer.isReady(child)
        : readLines(options.env.BENCH_OUT).some(([k]) => k === 'ready');
    },
    { timeoutMs: 30_000, intervalMs: 5 },
  ).catch(async (error) => {
    await children.stop(child);
    throw error;
  });
  return child;
}

// Waits until `count` latency samples of `phase` are in `out`; returns them (ms).
async function phaseSamples(peer, child, out, phase, count, timeoutMs) {
  let samples = [];
  await waitFor(
    `${peer.id}: ${count} ${phase} jobs started`,
    () => {
      samples = readLines(out)
        .filter(([p]) => p === phase)
        .map(([, ms]) => Number(ms));
      return samples.length >= count;
    },
    { timeoutMs, intervalMs: 5 },
  ).catch((error) => {
    throw new Error(`${error.message} (${samples.length} did)\n${child.stderrText()}`);
  });
  return samples;
}

// Adds rate × seconds jobs on a fixed schedule (open loop: an add that is slow does not delay
// the next), each stamped with the time of its add call.
async function addSteadily(peer, queue, phase, rate, seconds) {
  const count = Math.round(rate * seconds);
  const start = performance.now();
  const adds = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    adds.push(peer.enqueue(queue, { p: phase, t: clock() }));
  }
  await Promise.all(adds);
  return count;
}

// One worker with `concurrency` slots; after a warm-up job, idle for `idleMs` before each of
// `idleSamples` single jobs, then each of `rates` ({name, perSecond, seconds}) in turn. Returns
// samples (ms) by phase.
export async function measureLatency(
  peer,
  children,
  { dir, queue, concurrency, idleMs, idleSamples, rates },
) {
  const out = outFile(dir, peer, queue);
  const env = { BENCH_MODE: 'latency', BENCH_OUT: out };
  const child = await startReady(peer, children, { queue, concurrency, env });
  try {
    // One job first, so neither the producer's connection nor the worker's first job (module
    // loading, prepared statements) counts in the idle figure.
    await peer.enqueue(queue, { p: 'warm', t: clock() });
    await phaseSamples(peer, child, out, 'warm', 1, 30_000);
    const result = { idle: [] };
    for (let i = 0; i < idleSamples; i++) {
      await sleep(idleMs);
      await peer.enqueue(queue, { p: `idle${i}`, t: clock() });
      const [ms] = await phaseSamples(peer, child, out, `idle${i}`, 1, idleMs + 10_000);
      result.idle.push(ms);
    }
    for (const { name, perSecond, seconds } of rates) {
      const count = await addSteadily(peer, queue, name, perSecond, seconds);
      result[name] = await phaseSamples(peer, child, out, name, count, 20_000);
    }
    return result;
  } finally {
    await children.stop(child);
  }
}

// `n` waiting jobs, then one worker with `concurrency` slots: jobs per second from the first
// job's start until the bench sees the queue empty (polled every 2 ms once the worker has started
// its n-th job, so the polling does not load the store while it works), and the worker's peak
// PSS while it processes (smaps_rollup every 100 ms between first and last start). A peer that
// has not finished `capMs` after its first start is measured on what it did by then.
export async function measureThroughput(
  peer,
  children,
  { dir, queue, n, concurrency, capMs = 30_000, cpuProfileDir },
) {
  await peer.enqueueMany(queue, n);
  const out = outFile(dir, peer, queue);
  const env = { BENCH_MODE: 'throughput', BENCH_N: String(n), BENCH_OUT: out };
  const child = await peer.startWorker({ queue, concurrency, env, cpuProfileDir });
  const pss = [];
  let marks = {};
  try {
    let lastPssAt = 0;
    await waitFor(
      `${peer.id}: ${n} jobs started`,
      () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`${peer.id}: the worker exited:\n${child.stderrText()}`);
        marks = Object.fromEntries(readLines(out).map(([k, at, hr]) => [k, { at: +at, hr }]));
        if (marks.first && performance.now() - lastPssAt >= 100) {
          lastPssAt = performance.now();
          pss.push(readMemoryBytes(child.pid).pssBytes);
        }
        return marks.last || (marks.first && clock() - marks.first.at > capMs);
      },
      { timeoutMs: 120_000, intervalMs: 5 },
    );
    if (pss.length === 0) pss.push(readMemoryBytes(child.pid).pssBytes);
    let left = 0;
    await waitFor(
      `${peer.id}: the queue to empty`,
      async () => {
        left = await peer.remaining(queue);
        return left === 0 || clock() - marks.first.at > capMs;
      },
      { timeoutMs: capMs + 5000, intervalMs: 2 },
    );
    const emptyAt = clock();
    return {
      perSecond: (n - left) / ((emptyAt - marks.first.at) / 1000),
      capped: left > 0,
      peakPssBytes: Math.max(...pss),
      pssSamples: pss.length,
      firstHrNs: marks.first.hr,
      lastHrNs: marks.last?.hr ?? null,
    };
  } finally {
    // Under --cpu-prof the profile is written at a clean exit: the host drains on SIGTERM.
    await children.stop(child, cpuProfileDir ? { signal: 'SIGTERM' } : undefined);
  }
}

// Adds `n` jobs with `inFlight` adds pending at a time; returns jobs per second.
export async function measureEnqueue(peer, queue, n, inFlight) {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      next += 1;
      await peer.enqueue(queue, { i: next });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return n / ((performance.now() - started) / 1000);
}
