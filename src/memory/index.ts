// Memory signals: per-process readers of /proc, process trees, the container's cgroup, and the
// sampler that measures them all every tick and keeps their history.

export {
  type CgroupMemoryFiles,
  type ContainerMemory,
  computeContainerMemory,
  findMemoryCgroup,
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
export { parseCgroupProcs, readCgroupPids } from './cgroup-procs.js';
export {
  createMemoryHistory,
  type HistoryResolution,
  type HistorySeries,
  type MemoryHistory,
  type MemoryHistoryOptions,
  type ReadHistoryOptions,
} from './history.js';
export { createPoolReadings, type PoolReadings } from './pool-readings.js';
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
export type {
  ContainerFigures,
  ForeignProcesses,
  MemoryFigures,
  ProcessSample,
  Sample,
  SampleTarget,
} from './sample.js';
export { createSampler, type Sampler, type SamplerOptions, type SamplerStats } from './sampler.js';
