// crew as a container's PID 1, for real: each test runs `crew up` as Docker does, in a PID
// namespace of its own (`unshare --pid --fork --mount-proc`), under tini (what `docker run
// --init` runs) or alone. A pool orphans 1,000 grandchildren, which the kernel hands to PID 1:
// tini reaps them all, and SIGTERM to tini stops every pool, exit 0, within the grace period;
// crew alone warns at start naming the fix, and the orphans stay zombies (why it warns), which
// do not hold the pool's stop.
// Needs root (unshare) and Debian's tini (.ci/run installs it): skipped with the reason without
// them, failed under CI. docs/docker.md is what this backs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { type Daemon, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness, worker } from '../cli/test-support/up-harness.js';
import type { ProcStat } from '../memory/proc-stat.js';
import { descendantsOf, listProcesses } from '../memory/process-tree.js';
import { until } from '../supervise/test-support/fixtures.js';

const TINI = '/usr/bin/tini';
// --kill-child: if unshare dies (the test's cleanup SIGKILLs it), the namespace's PID 1 does too.
const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];
const UNDER_TINI = [...UNSHARE, TINI, '--'];
const ORPHANS = 1000;

function namespaceMissing(): string | null {
  const probe = spawnSync(UNSHARE[0]!, [...UNSHARE.slice(1), 'true'], { encoding: 'utf8' });
  if (probe.error) return `unshare cannot run (${probe.error.message})`;
  if (probe.status !== 0) {
    return `unshare cannot make a PID namespace here (it needs root): ${probe.stderr.trim()}`;
  }
  return null;
}

const noNamespace = namespaceMissing();
const noTini =
  noNamespace ??
  (spawnSync(TINI, ['--version']).error ? `${TINI} is missing; apt-get install tini` : null);
if (noTini !== null && process.env.CI === 'true')
  throw new Error(`CI must run the PID 1 tests: ${noTini}`);
if (noTini !== null) console.log(`# skipping the PID 1 tests that need it: ${noTini}`);

const { workspace } = createUpHarness();

// A pool whose process forks 1,000 subshells that each fork a grandchild and exit at once, so
// every grandchild is orphaned to PID 1 (alive, or already a zombie); then it sleeps.
const orphanPool = `  orphans:
    command: ["sh", "-c", "i=0; while [ $i -lt ${ORPHANS} ]; do ( : & ); i=$((i + 1)); done; echo orphaned $i; exec sleep 100000"]
    startsecs: 100ms
    stop_timeout: 3s
    priority: 10
`;
const orphaned = `orphans_00 | orphaned ${ORPHANS}`;

// Starts crew in a new PID namespace; resolves with it and the host pid of the namespace's PID 1
// (the child of unshare). The namespace is SIGKILLed after the test unless it ended by itself.
async function startInNamespace(t: TestContext, file: string, dir: string, wrapper: string[]) {
  const daemon = startCrew(file, dir, { wrapper });
  let init = 0;
  t.after(async () => {
    if (daemon.child.exitCode === null && daemon.child.signalCode === null) {
      // unshare has not reaped its child yet, so this pid is still the namespace's PID 1.
      try {
        if (init !== 0) process.kill(init, 'SIGKILL');
      } catch {
        // Reaped meanwhile: unshare is exiting.
      }
      daemon.child.kill('SIGKILL');
    }
    await daemon.exited;
  });
  const unshare = daemon.child.pid!;
  await until(
    () => {
      for (const stat of listProcesses().values()) if (stat.ppid === unshare) init = stat.pid;
      return init !== 0;
    },
    'unshare to fork the namespace’s PID 1',
    30_000,
  );
  return { daemon, init };
}

// Every process of the namespace whose PID 1 is `init` (host pid): orphans are reparented to
// PID 1 and nothing in it runs a subreaper, so the namespace is PID 1's tree.
function namespaceOf(init: number): ProcStat[] {
  const table = listProcesses();
  return descendantsOf(init, table).map((pid) => table.get(pid)!);
}

const zombiesIn = (processes: readonly ProcStat[]) =>
  processes.filter((stat) => stat.state === 'Z').length;

// Sends SIGTERM to the namespace's PID 1; resolves with the exit code and how long it took, or
// fails with crew's log once timeoutMs have passed.
async function terminate(daemon: Daemon, init: number, timeoutMs: number) {
  const started = Date.now();
  process.kill(init, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`not stopped ${timeoutMs} ms after SIGTERM:\n${daemon.log()}`)),
      timeoutMs,
    );
  });
  try {
    const code = await Promise.race([daemon.exited, late]);
    return { code, stopMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

// Nothing that ran in the namespace is alive any more (pid and start time, so a reused pid is
// not mistaken for one of them), and crew removed its socket.
function assertNothingLeft(before: readonly ProcStat[], dir: string) {
  const now = listProcesses();
  const left = before.filter((stat) => now.get(stat.pid)?.startTicks === stat.startTicks);
  assert.deepEqual(
    left.map((stat) => `${stat.pid} ${stat.comm} ${stat.state}`),
    [],
    'processes of the namespace outlived it',
  );
  assert.equal(existsSync(join(dir, '.crew', 'crew.sock')), false, 'crew.sock was left behind');
}

test('under tini as PID 1, crew’s pools orphan 1,000 grandchildren and none stays a zombie; SIGTERM to tini stops everything, exit 0', {
  skip: noTini ?? false,
}, async (t) => {
  const { dir, file } = workspace(`http: false
pools:
${orphanPool}  stubborn:
    command: ${worker('ignore-sigterm.js')}
    startsecs: 100ms
    stop_timeout: 2s
    priority: 20
`);
  // Priority levels stop one after another: the worst case is the sum of each level's longest
  // stop_timeout (3 s + 2 s), and the grace period is that and a generous margin.
  const graceMs = 5_000 + 10_000;
  const { daemon, init } = await startInNamespace(t, file, dir, UNDER_TINI);

  await t.test('every orphan is reaped by tini', async () => {
    await daemon.waitForLog(orphaned, 90_000);
    // Each orphan was a child of PID 1 (alive or a zombie) once its subshell exited: when PID 1
    // has no child but crew and the namespace no zombie, every one of them has been reaped.
    let processes: ProcStat[] = [];
    await until(
      () => {
        processes = namespaceOf(init);
        const children = processes.filter((stat) => stat.ppid === init);
        return zombiesIn(processes) === 0 && children.length === 1;
      },
      'no zombie and no child of PID 1 but crew',
      30_000,
    ).catch((error: Error) => {
      const seen = processes.map((stat) => `${stat.pid} ${stat.comm} ${stat.state}`);
      throw new Error(`${error.message}; the namespace last held ${seen.join(', ')}`);
    });
    t.diagnostic(`zombies left under tini: 0 of ${processes.length} processes`);
  });

  await t.test('SIGTERM to tini stops every pool and exits 0 within the grace period', async () => {
    const before = namespaceOf(init);
    const { code, stopMs } = await terminate(daemon, init, graceMs);
    assert.equal(code, 0, daemon.log());
    const log = daemon.log();
    assert.match(log, /crew \| SIGTERM: stopping/);
    // The sleeper goes on SIGTERM; the process that ignores it is killed at its stop_timeout.
    assert.match(log, /stopped: orphans_00 \(stopped /);
    assert.match(log, /stopped: stubborn_00 \(killed with SIGKILL .*stop timed out/);
    assert.match(log, /crew \| shutdown: everything stopped/);
    assertNothingLeft(before, dir);
    t.diagnostic(`stopped in ${stopMs} ms (grace period ${graceMs} ms)`);
  });
});

test('crew alone as PID 1 warns naming the fix (the orphans stay zombies), and SIGTERM still stops it, exit 0, without waiting for the zombies', {
  skip: noNamespace ?? false,
}, async (t) => {
  // A stop_timeout longer than the test waits for the stop: the zombies must not hold it.
  const { dir, file } = workspace(
    `http: false\npools:\n${orphanPool.replace('stop_timeout: 3s', 'stop_timeout: 120s')}`,
  );
  const { daemon, init } = await startInNamespace(t, file, dir, UNSHARE);
  await daemon.waitForLog('warning: crew is PID 1', 60_000);
  const warning = /^crew \| warning: crew is PID 1.*$/m.exec(daemon.log())![0];
  for (const fix of ['docker run --init', 'init: true', 'ENTRYPOINT ["tini", "--", "crew", "up"]'])
    assert.ok(warning.includes(fix), `the warning does not name ${fix}: ${warning}`);

  // What the warning is about, seen: Node reaps only its own children, so every orphan stays.
  await daemon.waitForLog(orphaned, 90_000);
  let zombies = 0;
  await until(
    () => {
      zombies = zombiesIn(namespaceOf(init));
      return zombies >= ORPHANS;
    },
    `the ${ORPHANS} orphans to stay zombies under crew as PID 1`,
    30_000,
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}: ${zombies} seen; if crew reaps them now, change its warning`,
    );
  });
  t.diagnostic(`zombies under crew as PID 1: ${zombies}`);

  const before = namespaceOf(init);
  // The zombies are still in the pool's process group, and do not hold its stop: the sleeper
  // goes on SIGTERM, and the stop ends well before the 120 s stop_timeout.
  const { code, stopMs } = await terminate(daemon, init, 60_000);
  assert.equal(code, 0, daemon.log());
  assert.match(daemon.log(), /stopped: orphans_00 \(stopped /);
  assert.match(daemon.log(), /crew \| shutdown: everything stopped/);
  assertNothingLeft(before, dir);
  t.diagnostic(`stopped in ${stopMs} ms`);
});
