// The container's memory as `docker stats` shows it, from cgroup v2 or v1 files.
import { totalmem } from 'node:os';
import { CrewError } from '../errors/crew-error.js';
import { type CgroupVersion, listCgroupDirs, locateCgroup } from './cgroup-path.js';
import { readSmallFile } from './read-small-file.js';

export interface ContainerMemory {
  // Usage minus inactive file cache, which the kernel reclaims before it OOM-kills anyone.
  readonly usageBytes: number;
  // The cgroup limit, or the host's memory when there is none (as docker stats shows it).
  readonly limitBytes: number;
  // False when the cgroup sets no limit, or one above the host's memory.
  readonly hasLimit: boolean;
  readonly version: CgroupVersion;
}

export interface CgroupMemoryFiles {
  readonly version: CgroupVersion;
  // v2 memory.current, v1 memory.usage_in_bytes.
  readonly usage: string;
  // v2 memory.max, v1 memory.limit_in_bytes.
  readonly limit: string;
  // memory.stat; '' when unreadable.
  readonly stat: string;
}

export interface ReadContainerMemoryOptions {
  readonly selfCgroupFile?: string;
  readonly hostTotalBytes?: number;
}

// v1 shows "no limit" as PAGE_COUNTER_MAX in bytes, 9223372036854771712 with 4 KiB pages;
// anything this large cannot be a real limit whatever the page size.
const V1_NO_LIMIT_BYTES = 2 ** 62;

function parseBytes(text: string, file: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new CrewError('CREW_INTERNAL', `Unexpected contents "${text.trim()}" in cgroup ${file}.`);
  }
  return value;
}

// Parses memory.stat ("name value" lines) into a map.
export function parseMemoryStat(text: string): Map<string, number> {
  const stat = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    const value = Number(line.slice(space + 1));
    if (space > 0 && Number.isFinite(value)) stat.set(line.slice(0, space), value);
  }
  return stat;
}

// Parses memory.max or memory.limit_in_bytes; null means no limit ("max", or v1's sentinel).
export function parseMemoryLimit(text: string): number | null {
  if (text.trim() === 'max') return null;
  const bytes = parseBytes(text, 'memory limit');
  return bytes >= V1_NO_LIMIT_BYTES ? null : bytes;
}

// Computes usage and limit as docker stats does (docker/cli calculateMemUsageUnixNoCache, and
// the daemon's clamp of the limit to the machine's memory).
export function computeContainerMemory(
  files: CgroupMemoryFiles,
  hostTotalBytes: number,
): ContainerMemory {
  const usage = parseBytes(files.usage, 'memory usage');
  const inactiveKey = files.version === 1 ? 'total_inactive_file' : 'inactive_file';
  const inactive = parseMemoryStat(files.stat).get(inactiveKey) ?? 0;
  const limit = parseMemoryLimit(files.limit);
  const hasLimit = limit !== null && limit <= hostTotalBytes;
  return {
    usageBytes: inactive < usage ? usage - inactive : usage,
    limitBytes: hasLimit ? limit : hostTotalBytes,
    hasLimit,
    version: files.version,
  };
}

const usageFileOf = (version: CgroupVersion) =>
  version === 2 ? 'memory.current' : 'memory.usage_in_bytes';

// The directory of this process's memory cgroup under root (the first candidate with a usage
// file) and its usage file's contents; null when there is none.
export function findMemoryCgroup(
  root: string,
  selfCgroupFile = '/proc/self/cgroup',
): { dir: string; version: CgroupVersion; usage: string } | null {
  const location = locateCgroup(root, selfCgroupFile);
  if (location === null) return null;
  for (const dir of listCgroupDirs(root, location)) {
    const usage = readSmallFile(`${dir}/${usageFileOf(location.version)}`);
    if (usage !== null) return { dir, version: location.version, usage };
  }
  return null;
}

// Reads this process's container memory under root; null when no memory cgroup is readable
// (not Linux, or a v2 host process in the root cgroup, which has no memory.current).
export function readContainerMemory(
  root = '/sys/fs/cgroup',
  options: ReadContainerMemoryOptions = {},
): ContainerMemory | null {
  const found = findMemoryCgroup(root, options.selfCgroupFile);
  if (found === null) return null;
  const { dir, version, usage } = found;
  const limitFile = version === 2 ? 'memory.max' : 'memory.limit_in_bytes';
  const files = {
    version,
    usage,
    limit: readSmallFile(`${dir}/${limitFile}`) ?? 'max',
    stat: readSmallFile(`${dir}/memory.stat`) ?? '',
  };
  return computeContainerMemory(files, options.hostTotalBytes ?? totalmem());
}
