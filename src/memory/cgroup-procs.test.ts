import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCgroupProcs, readCgroupPids } from './cgroup-procs.js';

const fixtures = new URL('./fixtures', import.meta.url).pathname;

describe('cgroup.procs', () => {
  it('parses one pid a line, 0 for a process outside our pid namespace', () => {
    assert.deepEqual(parseCgroupProcs('1\n7\n\n42\n0\n'), [1, 7, 42, 0]);
    assert.deepEqual(parseCgroupProcs(''), []);
  });

  it('is read from the memory cgroup, v2 and v1 alike', () => {
    const read = (layout: string) =>
      readCgroupPids(
        `${fixtures}/${layout}/sys-fs-cgroup`,
        `${fixtures}/${layout}/proc-self-cgroup`,
      );
    assert.deepEqual(read('cgroup-v2'), [1, 7, 42, 0]);
    assert.deepEqual(read('cgroup-v1'), [1, 31]);
  });

  it('is null without a memory cgroup', () => {
    assert.equal(readCgroupPids(`${fixtures}/missing`, `${fixtures}/missing/self`), null);
  });
});
