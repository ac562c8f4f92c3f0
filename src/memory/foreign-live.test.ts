// The processes in crew's cgroup that crew did not start, on real processes: a Node process
// holding 64 MiB, started outside this process's tree (orphaned, so it is nobody's child here)
// but in the same cgroup, shows as foreign memory; one started as a managed process does not.
// The budget then counts crew's own memory (scope auto resolves to crew), and the cgroup's whole
// usage only when told the cgroup is the container's. (The cgroup's usage itself is not compared
// before and after: on a test machine it holds the test runner and the other test files too.)
// Skipped where no memory cgroup lists its processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { BudgetScope } from '../config/budget.js';
import { budgetView, isSharedCgroup } from '../scale/budget-view.js';
import { readCgroupPids } from './cgroup-procs.js';
import type { Sample } from './sample.js';
import { createSampler } from './sampler.js';
import { isGone, waitUntil } from './test-support/allocating-process.js';
import { type FixtureProcess, startFixture } from './test-support/fixture-process.js';

const MiB = 1024 * 1024;
const allocate = new URL('./fixtures/allocate.js', import.meta.url).pathname;

// Starts allocate.js holding `mib` under `sh -c '... &'`: the shell exits at once, so the
// allocator is reparented away from this process's tree. Resolves with its pid once it holds it.
async function startOrphan(mib: number): Promise<number> {
  const shell = spawn(
    'sh',
    ['-c', `'${process.execPath}' '${allocate}' ${mib} >/dev/null & echo $!`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  shell.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise((resolve) => shell.once('exit', resolve));
  const pid = Number(out.trim());
  // Ready once its resident memory holds the buffer.
  await waitUntil(() => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024 >= mib * MiB;
  }, `pid ${pid} to hold ${mib} MiB`);
  return pid;
}

const budgetOf = (sample: Sample, scope: BudgetScope) =>
  budgetView({
    budgetBytes: 4096 * MiB,
    scope,
    otherAllowanceBytes: 0,
    usageBytes: sample.container?.usageBytes ?? null,
    crewBytes: sample.crew.pssBytes,
    poolsBytes: sample.processes.reduce((sum, proc) => sum + proc.pssBytes, 0),
    foreign: sample.foreign ?? null,
  });

const cgroup = readCgroupPids();

describe('processes crew did not start, in its cgroup', {
  skip: cgroup === null && 'no memory cgroup lists its processes',
}, () => {
  const orphans: number[] = [];
  const fixtures: FixtureProcess[] = [];
  after(async () => {
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
      await waitUntil(() => isGone(pid), `pid ${pid} to exit`);
    }
    await Promise.all(fixtures.map((fixture) => fixture.stop()));
  });

  it('sees crew alone, then 64 MiB held outside its trees as foreign, and the budget counts crew’s own', async () => {
    // This process stands for crew; a managed process allocates 64 MiB in its tree.
    const managed = startFixture('allocate.js', 64);
    fixtures.push(managed);
    await managed.waitForLine(/^ready$/);
    // The test machine's cgroup also holds the test runner and other test files, which come and
    // go: the cgroup is read for real, then narrowed to crew, its worker and the orphan.
    const ours = new Set([process.pid, managed.pid]);
    const sampler = createSampler({
      intervalMs: 60_000,
      targets: () => [{ name: 'managed', pool: 'p', pid: managed.pid }],
      readCgroupPids: () => readCgroupPids()?.filter((pid) => ours.has(pid)) ?? null,
    });
    const alone = await sampler.sampleNow();
    assert.deepEqual(alone.foreign, { processes: 0, rssBytes: 0, unseen: 0 });
    assert.equal(budgetOf(alone, 'auto').scope, 'container');
    // The managed allocator is crew's: its 64 MiB is in the pools' PSS, not foreign.
    assert.ok(alone.processes[0]!.pssBytes >= 60 * MiB);

    const orphan = await startOrphan(64);
    orphans.push(orphan);
    assert.ok(readCgroupPids()!.includes(orphan), 'the orphan is in the same cgroup');
    ours.add(orphan);
    const shared = await sampler.sampleNow();
    await sampler.stop();
    assert.equal(shared.foreign!.processes, 1);
    assert.ok(shared.foreign!.rssBytes >= 64 * MiB, `${shared.foreign!.rssBytes / MiB} MiB`);
    assert.ok(isSharedCgroup(shared.foreign!));

    // What crew counts of its own did not move; only auto's choice of scope did.
    const [before, after] = [budgetOf(alone, 'crew'), budgetOf(shared, 'auto')];
    assert.equal(after.scope, 'crew');
    const counted = after.usedBytes! - before.usedBytes!;
    assert.ok(Math.abs(counted) < 16 * MiB, `crew's own grew by ${counted / MiB} MiB`);
    assert.ok(after.outsideBytes! > 0);
    // Told that the cgroup is the container's, the budget counts all of it, the orphan included.
    const container = budgetOf(shared, 'container');
    assert.equal(container.scope, 'container');
    assert.equal(container.usedBytes, Math.max(shared.container!.usageBytes, after.usedBytes!));
  });
});
