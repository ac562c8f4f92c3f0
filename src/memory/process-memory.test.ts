import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  parseKbFields,
  parseSmapsRollup,
  parseStatusMemory,
  readProcessMemory,
  readProcessMemoryAsync,
} from './process-memory.js';
import {
  type AllocatingProcess,
  startAllocatingProcess,
} from './test-support/allocating-process.js';

const procRoot = new URL('./fixtures/proc', import.meta.url).pathname;
const fixture = (path: string) => readFileSync(`${procRoot}/${path}`, 'utf8');
const KiB = 1024;
const MiB = 1024 * KiB;

describe('parseSmapsRollup', () => {
  it('takes Pss, Rss, Private_Clean + Private_Dirty as USS, and Swap, in bytes', () => {
    assert.deepEqual(parseSmapsRollup(fixture('101/smaps_rollup')), {
      pssBytes: 9124 * KiB,
      rssBytes: 32716 * KiB,
      ussBytes: (156 + 4144) * KiB,
      swapBytes: 512 * KiB,
      source: 'smaps_rollup',
    });
  });

  it('returns null for the empty file of a zombie or kernel thread', () => {
    assert.equal(parseSmapsRollup(''), null);
    assert.equal(parseSmapsRollup(fixture('104/smaps_rollup')), null);
  });
});

describe('parseStatusMemory', () => {
  it('approximates PSS by VmRSS and USS by RssAnon', () => {
    assert.deepEqual(parseStatusMemory(fixture('102/status')), {
      pssBytes: 41236 * KiB,
      rssBytes: 41236 * KiB,
      ussBytes: 14520 * KiB,
      swapBytes: 1024 * KiB,
      source: 'status',
    });
  });

  it('sums RssAnon + RssFile + RssShmem when VmRSS is missing', () => {
    const memory = parseStatusMemory('RssAnon:\t 10 kB\nRssFile:\t 20 kB\nRssShmem:\t 4 kB\n');
    assert.equal(memory.rssBytes, 34 * KiB);
    assert.equal(memory.ussBytes, 10 * KiB);
  });

  it('gives zeros for a zombie, whose status has no Vm lines', () => {
    const memory = parseStatusMemory(fixture('104/status'));
    assert.deepEqual(
      [memory.pssBytes, memory.rssBytes, memory.ussBytes, memory.swapBytes],
      [0, 0, 0, 0],
    );
  });
});

describe('parseKbFields', () => {
  it('skips lines without a kB value, such as a comm that ends in "kB"', () => {
    const fields = parseKbFields('Name:\tfoo kB\nVmRSS:\t   12 kB\nThreads:\t1\n');
    assert.deepEqual([...fields], [['VmRSS', 12 * KiB]]);
  });
});

describe('readProcessMemory on fixtures', () => {
  it('prefers smaps_rollup', () => {
    assert.equal(readProcessMemory(101, procRoot)?.source, 'smaps_rollup');
  });

  it('falls back to status when smaps_rollup is missing', async () => {
    const memory = readProcessMemory(102, procRoot);
    assert.equal(memory?.source, 'status');
    assert.equal(memory?.pssBytes, 41236 * KiB);
    assert.deepEqual(await readProcessMemoryAsync(102, procRoot), memory);
  });

  it('returns null when the process is gone', async () => {
    assert.equal(readProcessMemory(999, procRoot), null);
    assert.equal(await readProcessMemoryAsync(999, procRoot), null);
  });
});

describe('readProcessMemory on a live 64 MiB process', () => {
  let holder: AllocatingProcess;
  before(async () => {
    holder = await startAllocatingProcess(64);
  });
  after(async () => {
    await holder?.stop();
  });

  it('sees at least 60 MiB of RSS, PSS and USS', async () => {
    for (const memory of [
      readProcessMemory(holder.allocatorPid),
      await readProcessMemoryAsync(holder.allocatorPid),
    ]) {
      assert.equal(memory?.source, 'smaps_rollup');
      assert.ok(memory.rssBytes >= 60 * MiB, `rss ${memory.rssBytes}`);
      assert.ok(memory.pssBytes >= 60 * MiB, `pss ${memory.pssBytes}`);
      assert.ok(memory.ussBytes >= 60 * MiB, `uss ${memory.ussBytes}`);
      assert.ok(memory.pssBytes <= memory.rssBytes && memory.ussBytes <= memory.pssBytes);
    }
  });

  it('agrees with /proc/PID/status within 10%', () => {
    const status = parseStatusMemory(readFileSync(`/proc/${holder.allocatorPid}/status`, 'utf8'));
    const rollup = readProcessMemory(holder.allocatorPid)!;
    assert.ok(Math.abs(status.rssBytes - rollup.rssBytes) < rollup.rssBytes / 10);
  });
});
