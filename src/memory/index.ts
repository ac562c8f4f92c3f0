// Memory signals: per-process readers of /proc, process trees, the container's cgroup.

export {
  type CgroupMemoryFiles,
  type ContainerMemory,
  computeContainerMemory,
  parseMemoryLimit,
  parseMemoryStat,
  type ReadContainerMemoryOptions,
  readContainerMemory,
} from './cgroup.js';
export {
  type CgroupLocation,
  type CgroupVersion,
  listCgroupDirs,
  locateCgroup,
  parseProcCgroup,
} from './cgroup-path.js';
export { type ProcStat, parseProcStat, readProcStat } from './proc-stat.js';
export {
  type ProcessMemory,
  parseKbFields,
  parseSmapsRollup,
  parseStatusMemory,
  readProcessMemory,
  readProcessMemoryAsync,
} from './process-memory.js';
export {
  descendantsOf,
  listProcesses,
  readTreeMemory,
  readTreeMemoryAsync,
  sumTreeMemory,
  type TreeMemory,
} from './process-tree.js';
