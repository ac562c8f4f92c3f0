// The processes in this process's memory cgroup (its cgroup.procs, v1 and v2 alike), so crew can
// tell whether the cgroup holds processes it did not start. Processes in a child cgroup are not
// listed (their memory is still in the usage): crew runs in the cgroup it measures.
import { findMemoryCgroup } from './cgroup.js';
import { readSmallFile } from './read-small-file.js';

// Parses cgroup.procs: one pid a line. A pid outside the reader's pid namespace shows as 0.
export function parseCgroupProcs(text: string): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const pid = Number(line.trim());
    if (line.trim() !== '' && Number.isInteger(pid) && pid >= 0) pids.push(pid);
  }
  return pids;
}

// The pids of this process's memory cgroup under root; null when it cannot be read.
export function readCgroupPids(
  root = '/sys/fs/cgroup',
  selfCgroupFile = '/proc/self/cgroup',
): number[] | null {
  const found = findMemoryCgroup(root, selfCgroupFile);
  if (found === null) return null;
  const text = readSmallFile(`${found.dir}/cgroup.procs`);
  return text === null ? null : parseCgroupProcs(text);
}
