import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listCgroupDirs, parseProcCgroup } from './cgroup-path.js';

describe('parseProcCgroup', () => {
  const cases: Array<[string, string, ReturnType<typeof parseProcCgroup>]> = [
    ['v2 in a cgroup namespace', '0::/\n', { version: 2, path: '/' }],
    [
      'v2 on a host',
      '0::/system.slice/docker-3f1c.scope\n',
      { version: 2, path: '/system.slice/docker-3f1c.scope' },
    ],
    [
      'v1 with joined controllers',
      '3:cpu,cpuacct:/a\n2:memory,hugetlb:/docker/3f1c\n',
      { version: 1, path: '/docker/3f1c' },
    ],
    [
      'hybrid: v1 memory beats the empty v2 line',
      '4:memory:/process_api/2ab4\n1:cpu:/\n0::/\n',
      { version: 1, path: '/process_api/2ab4' },
    ],
    ['v1 without a memory controller', '1:cpu:/\n', null],
    ['nothing at all', '', null],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(parseProcCgroup(text), expected));
  }
});

describe('listCgroupDirs', () => {
  it('tries mount plus path, then the mount itself', () => {
    assert.deepEqual(listCgroupDirs('/c', { version: 1, path: '/docker/a' }), [
      '/c/memory/docker/a',
      '/c/memory',
    ]);
    assert.deepEqual(listCgroupDirs('/c', { version: 2, path: '/' }), ['/c']);
    assert.deepEqual(listCgroupDirs('/c', { version: 2, path: '/../../x' }), ['/c']);
  });
});
