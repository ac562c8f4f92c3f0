// The measurements of a supervisor peer, each returning raw samples: memory of its daemon
// process, `status` wall time, and how fast it brings back a worker killed with SIGKILL.
import { performance } from 'node:perf_hooks';
import { listChildPids, readCmdline, readMemoryBytes } from './proc.mjs';
import { runTimed, sleep, waitFor } from './run.mjs';
import { isAllRunning, parseStatusLines } from './status-lines.mjs';

// Polls `status` (every 100 ms) until every name is RUNNING; resolves with the last status.
export function waitAllRunning(peer, names, timeoutMs = 20_000) {
  return waitFor(
    `${peer.name}: all ${names.length} processes RUNNING`,
    async () => {
      if (!peer.isRunning()) throw new Error(`${peer.name}: the daemon exited`);
      const status = await peer.status();
      return isAllRunning(status.processes, names) ? status : null;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

// Starts the peer and times, from /proc every `procPollMs` (no CLI, which would wake
// supervisord's loop early), until `count` children of the daemon run `workerPath`.
export async function measureStartup(peer, workerPath, count, { procPollMs }) {
  const startedAt = performance.now();
  const daemonPid = peer.start();
  const isWorker = (pid) => readCmdline(pid)?.includes(workerPath);
  await waitFor(
    `${peer.name}: ${count} workers running ${workerPath}`,
    () => {
      if (!peer.isRunning()) throw new Error(`${peer.name}: the daemon exited`);
      return listChildPids(daemonPid).filter(isWorker).length >= count;
    },
    { timeoutMs: 20_000, intervalMs: procPollMs },
  );
  return { daemonPid, upMs: performance.now() - startedAt };
}

// `count` reads of the daemon's smaps_rollup, `intervalMs` apart, plus its workers' PSS total.
export async function measureMemory(daemonPid, { count, intervalMs }) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await sleep(intervalMs);
    const workers = listChildPids(daemonPid).map((pid) => readMemoryBytes(pid).pssBytes);
    samples.push({
      ...readMemoryBytes(daemonPid),
      workerCount: workers.length,
      workersPssBytes: workers.reduce((a, b) => a + b, 0),
    });
  }
  return samples;
}

// `count` timed runs of the peer's plain `status` command, after one untimed warm-up run.
export async function measureStatus(peer, { count }) {
  await peer.status();
  const samples = [];
  for (let i = 0; i < count; i++) {
    const status = await peer.status();
    samples.push({ ms: status.ms, exitCode: status.code });
  }
  return samples;
}

// For each of the peer's `statusVariants` ({label, argv, options}: other ways of typing
// `status`), `count` timed runs after one untimed warm-up; each run must list every name, so a
// variant that fails fast is never reported as fast.
export async function measureStatusVariants(peer, names, { count }) {
  const results = {};
  for (const variant of peer.statusVariants ?? []) {
    const run = async () => {
      const result = await runTimed(variant.argv, variant.options);
      const seen = parseStatusLines(result.stdout);
      if (!isAllRunning(seen, names))
        throw new Error(
          `${variant.label}: exit ${result.code}, not every process listed RUNNING:\n${result.stdout}${result.stderr}`,
        );
      return { ms: result.ms, exitCode: result.code };
    };
    await run();
    const samples = [];
    for (let i = 0; i < count; i++) samples.push(await run());
    results[variant.label] = samples;
  }
  return results;
}

// The daemon's child with `cmdline` that is not in `known`, or null.
function findNewChild(daemonPid, cmdline, known) {
  for (const pid of listChildPids(daemonPid)) {
    if (!known.has(pid) && readCmdline(pid) === cmdline) return pid;
  }
  return null;
}

// Kills `target` (a process name) with SIGKILL and times two things from the kill:
// - spawnMs: until a new child of the daemon runs the same command line, read from /proc
//   every `procPollMs` (so the figure does not depend on the speed of either CLI);
// - runningMs: until `status`, run again `statusPollMs` after each answer, shows the name
//   RUNNING with a new pid (this includes startsecs and the CLI's own latency).
export async function measureRespawn(peer, daemonPid, target, { procPollMs, statusPollMs }) {
  const before = await peer.status();
  const oldPid = before.processes.get(target)?.pid;
  if (!oldPid) throw new Error(`${peer.name}: ${target} has no pid`);
  const cmdline = readCmdline(oldPid);
  const known = new Set(listChildPids(daemonPid));

  const killedAt = performance.now();
  process.kill(oldPid, 'SIGKILL');
  const newPid = await waitFor(
    `${peer.name}: a new ${target} process`,
    () => findNewChild(daemonPid, cmdline, known),
    { timeoutMs: 10_000, intervalMs: procPollMs },
  );
  const spawnMs = performance.now() - killedAt;
  await waitFor(
    `${peer.name}: ${target} RUNNING again`,
    async () => {
      const entry = (await peer.status()).processes.get(target);
      return entry?.state === 'RUNNING' && entry.pid !== oldPid;
    },
    { timeoutMs: 10_000, intervalMs: statusPollMs },
  );
  const runningMs = performance.now() - killedAt;
  return { target, oldPid, newPid, spawnMs, runningMs };
}
