// Which memory cgroup this process is in, and where its files are mounted.
// https://docs.kernel.org/admin-guide/cgroup-v2.html and cgroups(7) describe /proc/PID/cgroup.
import { existsSync } from 'node:fs';
import { readSmallFile } from './read-small-file.js';

export type CgroupVersion = 1 | 2;

export interface CgroupLocation {
  readonly version: CgroupVersion;
  // The path inside the hierarchy, as /proc/PID/cgroup shows it ("/" in a cgroup namespace).
  readonly path: string;
}

// Finds the memory cgroup in /proc/PID/cgroup text: v1's "N:memory:/path" line wins, since
// hybrid hosts list an empty v2 "0::/path" line too; else the v2 line; null when neither.
export function parseProcCgroup(text: string): CgroupLocation | null {
  let unified: string | null = null;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 1 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (controllers.split(',').includes('memory')) return { version: 1, path };
    if (line.slice(0, first) === '0' && controllers === '') unified = path;
  }
  return unified === null ? null : { version: 2, path: unified };
}

// Lists the directories that may hold the cgroup's memory files, most specific first: the
// mount plus the path (a host, or docker --cgroupns=host on v2), then the mount itself (docker
// bind-mounts the container's own cgroup there on v1, and v2 namespaces show it as "/").
export function listCgroupDirs(root: string, location: CgroupLocation): string[] {
  const mount = location.version === 1 ? `${root}/memory` : root;
  const path = location.path.replace(/\/+$/, '');
  // "/../.." means the cgroup lies outside our namespace's view: only the mount is reachable.
  if (path === '' || path.split('/').includes('..')) return [mount];
  return [`${mount}${path}`, mount];
}

// Locates this process's memory cgroup from /proc/self/cgroup, or from what is mounted at root
// when that file is missing; null when there is no memory cgroup at all.
export function locateCgroup(root: string, selfCgroupFile: string): CgroupLocation | null {
  const text = readSmallFile(selfCgroupFile);
  const parsed = text === null ? null : parseProcCgroup(text);
  if (parsed !== null) return parsed;
  if (existsSync(`${root}/cgroup.controllers`)) return { version: 2, path: '/' };
  if (existsSync(`${root}/memory/memory.usage_in_bytes`)) return { version: 1, path: '/' };
  return null;
}
