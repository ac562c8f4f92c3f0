import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { computeContainerMemory, parseMemoryLimit, readContainerMemory } from './cgroup.js';

const fixtures = new URL('./fixtures', import.meta.url).pathname;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('parseMemoryLimit', () => {
  const cases: Array<[string, number | null]> = [
    ['max\n', null],
    ['9223372036854771712\n', null],
    [`${2 ** 62}\n`, null],
    ['536870912\n', 512 * MiB],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)} as ${expected}`, () =>
      assert.equal(parseMemoryLimit(text), expected));
  }
  it('throws a coded error on garbage', () => {
    assert.throws(() => parseMemoryLimit('lots'), { code: 'CREW_INTERNAL' });
  });
});

describe('computeContainerMemory', () => {
  const host = 8 * GiB;
  const v1Stat = 'inactive_file 1048576\ntotal_inactive_file 104857600\n';
  const cases: Array<
    [string, Parameters<typeof computeContainerMemory>[0], [number, number, boolean]]
  > = [
    [
      'v1 subtracts total_inactive_file',
      { version: 1, usage: `${GiB}`, limit: `${2 * GiB}`, stat: v1Stat },
      [GiB - 100 * MiB, 2 * GiB, true],
    ],
    [
      'v2 subtracts inactive_file',
      { version: 2, usage: `${GiB}`, limit: 'max', stat: 'inactive_file 1048576\n' },
      [GiB - MiB, host, false],
    ],
    [
      'inactive file above usage leaves usage alone',
      { version: 2, usage: '100', limit: '200', stat: 'inactive_file 500\n' },
      [100, 200, true],
    ],
    [
      'a limit above the host is the host',
      { version: 1, usage: '100', limit: `${16 * GiB}`, stat: '' },
      [100, host, false],
    ],
  ];
  for (const [name, files, [usage, limit, hasLimit]] of cases) {
    it(name, () => {
      assert.deepEqual(computeContainerMemory(files, host), {
        usageBytes: usage,
        limitBytes: limit,
        hasLimit,
        version: files.version,
      });
    });
  }
});

describe('readContainerMemory on fixture trees', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'crew-cgroup-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const read = (layout: string, selfCgroupFile = `${fixtures}/${layout}/proc-self-cgroup`) =>
    readContainerMemory(`${fixtures}/${layout}/sys-fs-cgroup`, {
      selfCgroupFile,
      hostTotalBytes: 8 * GiB,
    });

  it('v2: memory.current minus inactive_file, memory.max as the limit', () => {
    assert.deepEqual(read('cgroup-v2'), {
      usageBytes: 350 * MiB,
      limitBytes: 512 * MiB,
      hasLimit: true,
      version: 2,
    });
  });

  it("v1: docker's bind mount, the sentinel meaning no limit, the host as the limit", () => {
    assert.deepEqual(read('cgroup-v1'), {
      usageBytes: 679.5 * MiB,
      limitBytes: 8 * GiB,
      hasLimit: false,
      version: 1,
    });
  });

  it('v1: the full hierarchy mounted, the cgroup found under its path', () => {
    const root = join(scratch, 'v1-host');
    cpSync(`${fixtures}/cgroup-v1/sys-fs-cgroup/memory`, join(root, 'memory/workers/a'), {
      recursive: true,
    });
    writeFileSync(join(root, 'memory/memory.usage_in_bytes'), `${4 * GiB}\n`);
    writeFileSync(join(root, 'memory/workers/a/memory.limit_in_bytes'), `${GiB}\n`);
    writeFileSync(join(scratch, 'self-cgroup'), '2:memory:/workers/a\n0::/\n');
    const memory = readContainerMemory(root, {
      selfCgroupFile: join(scratch, 'self-cgroup'),
      hostTotalBytes: 8 * GiB,
    });
    assert.deepEqual(memory, {
      usageBytes: 679.5 * MiB,
      limitBytes: GiB,
      hasLimit: true,
      version: 1,
    });
  });

  it('detects the layout from the mount when /proc/self/cgroup is missing', () => {
    assert.equal(read('cgroup-v2', join(scratch, 'missing'))?.version, 2);
    assert.equal(read('cgroup-v1', join(scratch, 'missing'))?.version, 1);
  });

  it('returns null without a memory cgroup', () => {
    assert.equal(readContainerMemory(scratch, { selfCgroupFile: join(scratch, 'missing') }), null);
  });
});

describe('readContainerMemory on this machine', () => {
  it('reads a sane usage and limit', () => {
    const memory = readContainerMemory();
    assert.ok(memory, 'no memory cgroup found');
    assert.ok(memory.usageBytes > 0, `usage ${memory.usageBytes}`);
    assert.ok(memory.limitBytes >= memory.usageBytes, `limit ${memory.limitBytes}`);
  });
});
