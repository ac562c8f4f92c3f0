// A pool: a named set of identical processes numbered from 0. Scaling adds the next numbers or
// stops the highest ones; siblings are never touched.
import { hasNumPlaceholder, processNameFor } from '../config/process-names.js';
import type { PoolConfig } from '../config/types.js';
import { CrewError } from '../errors/crew-error.js';
import {
  createManagedProcess,
  type ManagedProcess,
  type ManagedProcessDeps,
} from './managed-process.js';

export interface Pool {
  readonly config: PoolConfig;
  // Takes settings that need no restart; see needsRestart in config/diff.
  reconfigure(next: PoolConfig): void;
  processes(): readonly ManagedProcess[];
  // Changes the process count; new processes are started, removed ones stopped first.
  scale(count: number): Promise<void>;
  startAll(): void;
  stopAll(): Promise<void>;
  // Processes being replaced: still up until their replacement is RUNNING and they have stopped.
  retiring(): readonly ManagedProcess[];
  // Starts a replacement for proc, waits until it is RUNNING, then stops proc as a recycle.
  // Resolves false (keeping proc) if the replacement does not come up.
  replace(proc: ManagedProcess, reason: string): Promise<boolean>;
}

// Creates a pool with `config.processes` processes, all STOPPED.
export function createPool(initial: PoolConfig, deps: ManagedProcessDeps): Pool {
  let config = initial;
  const members: ManagedProcess[] = [];
  const retiring = new Set<ManagedProcess>();
  const add = () => {
    const num = members.length;
    const proc = createManagedProcess(config, num, processNameFor(config, num), deps);
    members.push(proc);
    return proc;
  };
  for (let i = 0; i < config.processes; i++) add();

  return {
    get config() {
      return config;
    },
    reconfigure(next) {
      config = next;
      for (const proc of members) proc.reconfigure(next);
    },
    processes: () => members,
    async scale(count) {
      const from = members.length;
      if (count > 1 && !hasNumPlaceholder(config.processName)) {
        throw new CrewError('CREW_USAGE', `pool ${config.name} cannot have ${count} processes`, [
          `its process_name "${config.processName}" has no {num}; add one, e.g. "{pool}_{num:02}"`,
        ]);
      }
      if (count > from) {
        while (members.length < count) add().start();
      } else if (count < from) {
        const removed = members.splice(count);
        await Promise.all(removed.map((proc) => proc.stop()));
        for (const proc of removed) proc.output.close();
      }
    },
    startAll() {
      for (const proc of members) proc.start();
    },
    async stopAll() {
      await Promise.all([...members, ...retiring].map((proc) => proc.stop()));
    },
    retiring: () => [...retiring],
    async replace(proc, reason) {
      const index = members.indexOf(proc);
      if (index < 0 || retiring.has(proc)) return false;
      const fresh = createManagedProcess(config, proc.num, proc.name, deps);
      members[index] = fresh;
      retiring.add(proc);
      fresh.start();
      const state = await fresh.until((s) => s !== 'STARTING' && s !== 'BACKOFF');
      if (state !== 'RUNNING') {
        await fresh.stop();
        fresh.output.close();
        if (members[index] === fresh) members[index] = proc;
        retiring.delete(proc);
        return false;
      }
      await proc.retire(reason);
      proc.output.close();
      retiring.delete(proc);
      return true;
    },
  };
}
