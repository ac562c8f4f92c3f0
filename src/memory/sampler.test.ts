import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { readTreeMemory } from './process-tree.js';
import type { Sample, SampleTarget } from './sample.js';
import { createSampler, type SamplerOptions } from './sampler.js';
import { waitUntil } from './test-support/allocating-process.js';
import { createFakeProc, type FakeProc } from './test-support/fake-proc.js';

const KiB = 1024;
const fixtureProc = new URL('./fixtures/proc', import.meta.url).pathname;
const CREW = 50;

function samplerOn(procRoot: string, targets: SampleTarget[], extra: Partial<SamplerOptions> = {}) {
  return createSampler({
    intervalMs: 1000,
    targets: () => targets,
    selfPid: CREW,
    procRoot,
    pageSizeBytes: 4096,
    readContainer: () => null,
    now: () => 1_000_000,
    ...extra,
  });
}

describe('sampler on the php-fpm fixture', () => {
  it('sums a whole tree as readTreeMemory does, zombie and status-only child included', async () => {
    const sampler = samplerOn(fixtureProc, [{ name: 'fpm', pool: 'web', pid: 100 }], {
      selfPid: 101,
    });
    const sample = await sampler.sampleNow();
    const { pids, ...expected } = readTreeMemory(100, undefined, fixtureProc);
    assert.deepEqual(sample.processes, [
      { name: 'fpm', pool: 'web', pid: 100, pids: pids.length, ...expected },
    ]);
    assert.equal(sample.crew.pssBytes, 9124 * KiB);
    assert.equal(sample.at, 1_000_000);
    assert.equal(sample.container, null);
    assert.deepEqual(sampler.stats().errors, 0);
  });
});

describe("the cgroup's processes crew did not start", () => {
  it('are the ones neither crew nor below it: an entrypoint above, a process beside, one unseen', async () => {
    // crew is the sh (100), its tree the php-fpm master and workers; tini (1) above it and
    // (sd-pam) (200) beside it are not crew's, nor is a pid of another namespace (0).
    const sampler = samplerOn(fixtureProc, [{ name: 'fpm', pool: 'web', pid: 101 }], {
      selfPid: 100,
      readCgroupPids: () => [1, 100, 101, 102, 103, 104, 200, 0],
    });
    const sample = await sampler.sampleNow();
    assert.deepEqual(sample.foreign, {
      processes: 3,
      rssBytes: (164 + 1090) * 4096,
      unseen: 1,
    });
  });

  it('are unknown when the cgroup lists nothing', async () => {
    const sampler = samplerOn(fixtureProc, [], { selfPid: 100, readCgroupPids: () => null });
    assert.equal((await sampler.sampleNow()).foreign, null);
  });
});

describe('sampler tick by tick', () => {
  let proc: FakeProc;
  // crew, and twelve workers under it, each with 1000 kB of PSS.
  const workers = Array.from({ length: 12 }, (_, i) => 100 + i);
  const targets = workers.map((pid) => ({ name: `w${pid}`, pool: 'queue', pid }));
  const pssOf = (sample: { processes: readonly { pid: number; pssBytes: number }[] }) =>
    new Map(sample.processes.map((p) => [p.pid, p.pssBytes / KiB]));

  beforeEach(() => {
    proc?.dispose();
    proc = createFakeProc();
    proc.write(CREW, { ppid: 1, rssKb: 4000, pssKb: 3000 });
    for (const pid of workers) proc.write(pid, { ppid: CREW, rssKb: 2000, pssKb: 1000 });
  });
  after(() => proc.dispose());

  it('reads every process in full again within fullReadEveryMs / intervalMs ticks', async () => {
    const sampler = samplerOn(proc.root, targets, { fullReadEveryMs: 3000 });
    await sampler.sampleNow();
    for (const pid of workers) proc.write(pid, { ppid: CREW, rssKb: 2000, pssKb: 1500 });
    const refreshedAfter = new Map<number, number>();
    for (let tick = 1; tick <= 3; tick++) {
      const pss = pssOf(await sampler.sampleNow());
      for (const pid of workers) {
        if (pss.get(pid) === 1500 && !refreshedAfter.has(pid)) refreshedAfter.set(pid, tick);
      }
      // 13 processes read every 3 ticks: 4.33 a tick, crew (read first on the first tick) and
      // three workers on the next one.
      if (tick === 1) assert.equal(refreshedAfter.size, 3);
    }
    assert.equal(refreshedAfter.size, workers.length, `refreshed: ${[...refreshedAfter]}`);
    assert.equal(sampler.stats().errors, 0);
  });

  it('follows anonymous memory at once, file-backed pages at the next full read', async () => {
    const sampler = samplerOn(proc.root, targets, { fullReadEveryMs: 60_000 });
    await sampler.sampleNow();
    // The last workers read are the last in line for the next full read.
    proc.write(111, { ppid: CREW, rssKb: 10_000, pssKb: 1000, anonKb: 10_000 });
    proc.write(110, { ppid: CREW, rssKb: 10_000, pssKb: 1000, anonKb: 2000 });
    proc.write(109, { ppid: CREW, rssKb: 10_000, pssKb: 1000, anonKb: null });
    const sample = await sampler.sampleNow();
    const figures = (pid: number) => {
      const { rssBytes, pssBytes, ussBytes } = sample.processes.find((p) => p.pid === pid)!;
      return [rssBytes / KiB, pssBytes / KiB, ussBytes / KiB];
    };
    assert.deepEqual(figures(111), [10_000, 9000, 8500]);
    assert.deepEqual(figures(110), [10_000, 1000, 500]);
    // Without statm, RSS from stat and its whole change taken as private.
    assert.deepEqual(figures(109), [10_000, 9000, 8500]);
  });

  it('measures a process forked since the last tick in full at once', async () => {
    const sampler = samplerOn(proc.root, targets, { fullReadEveryMs: 60_000 });
    await sampler.sampleNow();
    proc.write(500, { ppid: 100, rssKb: 800, pssKb: 700, swapKb: 12 });
    proc.write(501, { ppid: 500, rssKb: 800, pssKb: 600 });
    const first = (await sampler.sampleNow()).processes[0]!;
    assert.deepEqual(
      { pids: first.pids, pss: first.pssBytes / KiB, swap: first.swapBytes / KiB },
      { pids: 3, pss: 2300, swap: 12 },
    );
  });

  it('reads a reused pid in full as a new process', async () => {
    const sampler = samplerOn(proc.root, targets, { fullReadEveryMs: 60_000 });
    await sampler.sampleNow();
    proc.write(111, { ppid: CREW, rssKb: 2000, pssKb: 1900, startTicks: 99_999 });
    assert.equal(pssOf(await sampler.sampleNow()).get(111), 1900);
  });

  it('skips vanished processes without counting errors', async () => {
    proc.write(500, { ppid: 100, rssKb: 800, pssKb: 700 });
    const sampler = samplerOn(proc.root, targets);
    assert.equal((await sampler.sampleNow()).processes[0]?.pids, 2);
    proc.remove(500);
    proc.remove(101);
    const sample = await sampler.sampleNow();
    assert.deepEqual(
      sample.processes.slice(0, 2).map((p) => [p.pid, p.pids, p.pssBytes / KiB]),
      [
        [100, 1, 1000],
        [101, 0, 0],
      ],
    );
    assert.equal(sampler.stats().errors, 0);
  });

  it('counts what fails and still reports the rest', async () => {
    proc.writeFile(102, 'stat', 'garbage\n');
    let calls = 0;
    const sampler = samplerOn(proc.root, targets, {
      readContainer: () => {
        throw new Error('cgroup went away');
      },
      targets: () => {
        calls++;
        if (calls === 2) throw new Error('supervisor bug');
        return targets;
      },
    });
    const seen: number[] = [];
    sampler.onSample(() => {
      throw new Error('listener bug');
    });
    sampler.onSample((sample) => seen.push(sample.processes.length));
    const sample = await sampler.sampleNow();
    assert.equal(sample.processes.find((p) => p.pid === 102)?.pids, 0);
    assert.equal(sample.processes.find((p) => p.pid === 103)?.pids, 1);
    assert.equal(sample.container, null);
    // A malformed stat, the container, a listener.
    assert.equal(sampler.stats().errors, 3);
    assert.equal((await sampler.sampleNow()).processes.length, 0);
    assert.equal(sampler.stats().errors, 7);
    assert.match(String(sampler.stats().lastError), /listener bug/);
    assert.deepEqual(seen, [12, 0]);
    assert.equal(sampler.latest()?.processes.length, 0);
  });
});

describe('sampler timing', () => {
  it('samples on start, then on each timer call unless a tick is under way, until stopped', async () => {
    const timers: Array<{ tick: () => void; intervalMs: number; cancelled: boolean }> = [];
    const sampler = samplerOn(fixtureProc, [], {
      intervalMs: 250,
      schedule: (tick, intervalMs) => {
        const timer = { tick, intervalMs, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    });
    const samples: Sample[] = [];
    sampler.onSample((sample) => samples.push(sample));
    sampler.start();
    sampler.start();
    assert.equal(timers.length, 1);
    assert.equal(timers[0]!.intervalMs, 250);
    timers[0]!.tick();
    await waitUntil(() => samples.length === 1, 'the first sample');
    timers[0]!.tick();
    await waitUntil(() => samples.length === 2, 'the second sample');
    await sampler.stop();
    assert.equal(timers[0]!.cancelled, true);
    assert.equal(sampler.stats().ticks, 2);
    assert.equal(sampler.latest(), samples[1]);
  });

  it('runs sampleNow calls one after the other, and stops telling an unsubscribed listener', async () => {
    const sampler = samplerOn(fixtureProc, []);
    const heard: number[] = [];
    const unsubscribe = sampler.onSample(() => heard.push(sampler.stats().ticks));
    const [first, second] = await Promise.all([sampler.sampleNow(), sampler.sampleNow()]);
    assert.notEqual(first, second);
    assert.deepEqual(heard, [1, 2]);
    unsubscribe();
    await sampler.sampleNow();
    assert.deepEqual(heard, [1, 2]);
    assert.ok(sampler.stats().lastTickMs > 0);
  });

  it("ticks on an unref'ed interval timer, which stop() clears", async (t) => {
    const setIntervalSpy = t.mock.method(globalThis, 'setInterval');
    const clearIntervalSpy = t.mock.method(globalThis, 'clearInterval');
    const sampler = samplerOn(fixtureProc, [], { intervalMs: 20 });
    let count = 0;
    sampler.onSample(() => count++);
    sampler.start();
    await waitUntil(() => count >= 3, 'three timed samples');
    await sampler.stop();
    assert.equal(setIntervalSpy.mock.callCount(), 1);
    const timer = setIntervalSpy.mock.calls[0]!.result as NodeJS.Timeout;
    assert.equal(timer.hasRef(), false);
    assert.deepEqual(
      clearIntervalSpy.mock.calls.map((call) => call.arguments[0]),
      [timer],
    );
  });
});
