import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readContainerMemory } from './cgroup.js';
import type { ProcessSample, Sample } from './sample.js';
import { createSampler, type Sampler } from './sampler.js';
import { type FixtureProcess, startFixture } from './test-support/fixture-process.js';

const MiB = 1024 * 1024;
// Two idle Node processes differ by a few MiB of heap and code, whatever they allocate.
const TOLERANCE = 8 * MiB;

describe('sampler on real processes', () => {
  const started: FixtureProcess[] = [];
  let idle: FixtureProcess;
  let holder: FixtureProcess;
  let forker: FixtureProcess;
  let forkerTreeBeforeChildren: number;
  let sampler: Sampler;
  const start = (script: string, ...args: number[]) => {
    const fixture = startFixture(script, ...args);
    started.push(fixture);
    return fixture;
  };
  const processIn = (sample: Sample, name: string): ProcessSample => {
    const found = sample.processes.find((process) => process.name === name);
    assert.ok(found, `${name} in the sample`);
    return found;
  };

  before(async () => {
    idle = start('allocate.js', 0);
    holder = start('allocate.js', 64);
    forker = start('fork-children.js', 4, 8);
    // The forker's tree before its children: read at once, before it has even loaded Node, by a
    // sampler of its own so that the one under test first reads every process only once ready.
    // (Read earlier, in mid-start, a process's PSS is estimated from there on by the growth of its
    // anonymous memory alone, missing the code it maps meanwhile: idle and holder, caught at
    // different points of their start on a loaded machine, then differ by more than TOLERANCE.)
    const early = createSampler({
      intervalMs: 1000,
      targets: () => [{ name: 'forker', pool: 'fork', pid: forker.pid }],
    });
    forkerTreeBeforeChildren = processIn(await early.sampleNow(), 'forker').pids;
    await early.stop();
    await Promise.all([idle, holder].map((fixture) => fixture.waitForLine(/^ready$/)));
    await forker.waitForLine(/^children/);
    sampler = createSampler({
      intervalMs: 1000,
      targets: () => [
        { name: 'idle', pool: 'baseline', pid: idle.pid },
        { name: 'holder', pool: 'alloc', pid: holder.pid },
        { name: 'forker', pool: 'fork', pid: forker.pid },
      ],
    });
  });
  after(async () => {
    await sampler?.stop();
    await Promise.all(started.map((fixture) => fixture.stop()));
  });

  it('measures an allocation within tolerance, next to an idle twin', async () => {
    const sample = await sampler.sampleNow();
    const [base, held] = [processIn(sample, 'idle'), processIn(sample, 'holder')];
    for (const key of ['pssBytes', 'rssBytes', 'ussBytes'] as const) {
      const extra = held[key] - base[key];
      assert.ok(Math.abs(extra - 64 * MiB) < TOLERANCE, `${key}: ${extra / MiB} MiB over idle`);
    }
    assert.ok(base.pssBytes > 5 * MiB && base.ussBytes <= base.pssBytes);
    assert.ok(base.pssBytes <= base.rssBytes);
    assert.equal(held.pids, 1);
  });

  it('sees the growth of a process at once', async () => {
    const before = processIn(await sampler.sampleNow(), 'holder');
    holder.signal('SIGUSR2');
    await holder.waitForLine(/^grown$/);
    const grown = processIn(await sampler.sampleNow(), 'holder');
    for (const key of ['pssBytes', 'rssBytes', 'ussBytes'] as const) {
      const extra = grown[key] - before[key];
      assert.ok(
        Math.abs(extra - 64 * MiB) < TOLERANCE,
        `${key} grew ${extra / MiB} MiB ${JSON.stringify([before, grown])}`,
      );
    }
  });

  it("sums a tree that forked since the last tick, children's allocations included", async () => {
    const tree = processIn(await sampler.sampleNow(), 'forker');
    assert.ok(forkerTreeBeforeChildren < 5, `${forkerTreeBeforeChildren} before the forks`);
    assert.equal(tree.pids, 5);
    assert.ok(tree.pssBytes >= 4 * 8 * MiB, `PSS ${tree.pssBytes / MiB} MiB`);
    assert.ok(tree.ussBytes >= 4 * 8 * MiB, `USS ${tree.ussBytes / MiB} MiB`);
    assert.ok(tree.rssBytes > tree.pssBytes);
  });

  it("reports crew's own process and the container", async () => {
    const sample = await sampler.sampleNow();
    const ownRss = process.memoryUsage.rss();
    assert.ok(Math.abs(sample.crew.rssBytes - ownRss) < 0.2 * ownRss, `crew RSS vs ${ownRss}`);
    assert.ok(sample.crew.pssBytes > 0 && sample.crew.pssBytes <= sample.crew.rssBytes);
    assert.ok(sample.crew.ussBytes > 0 && sample.crew.ussBytes <= sample.crew.pssBytes);
    if (readContainerMemory() === null) return;
    assert.ok(sample.container, 'container figures on a machine with a memory cgroup');
    assert.ok(sample.container.usageBytes > 0);
    assert.ok(sample.container.limitBytes >= sample.container.usageBytes);
  });

  it('records every sample in the history, without errors', () => {
    const series = sampler.history.read({ resolution: '1s' });
    assert.ok(series.at.length >= 1);
    assert.deepEqual(Object.keys(series.pools).sort(), ['alloc', 'baseline', 'fork']);
    assert.ok(series.pools.alloc!.at(-1)! > 64 * MiB);
    assert.equal(sampler.stats().errors, 0, String(sampler.stats().lastError));
    assert.equal(sampler.latest()?.processes.length, 3);
  });
});
