// A pool: a named set of identical processes numbered from 0. Scaling adds the next numbers or
// drains the highest ones; siblings are never touched. A process leaving the pool (replaced,
// drained by a scale-down) stays a member until it is down; its lifecycle says it is retiring.
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
  // The processes that make up the pool, by number: every member that is not retiring.
  processes(): readonly ManagedProcess[];
  // Changes the process count; new processes are started, removed ones drained first.
  scale(count: number, reason?: string): Promise<void>;
  startAll(): void;
  stopAll(): Promise<void>;
  // Members leaving the pool: waiting for their replacement, draining, or just down.
  retiring(): readonly ManagedProcess[];
  // Every member: the pool's processes and those leaving it.
  members(): readonly ManagedProcess[];
  // Starts a replacement of the same name and number for proc (marked by markReplaced), waits
  // until it is RUNNING, then drains proc. Resolves false (keeping proc) if the replacement does
  // not come up, at once if proc is not a member waiting for its replacement.
  replace(proc: ManagedProcess): Promise<boolean>;
}

// Creates a pool with `config.processes` processes, all STOPPED.
export function createPool(initial: PoolConfig, deps: ManagedProcessDeps): Pool {
  let config = initial;
  // Current and retiring processes alike, in the order they were created.
  const members: ManagedProcess[] = [];
  const create = (num: number, name = processNameFor(config, num)) => {
    const proc = createManagedProcess(config, num, name, deps);
    members.push(proc);
    return proc;
  };
  const remove = (proc: ManagedProcess) => {
    const index = members.indexOf(proc);
    if (index < 0) return;
    members.splice(index, 1);
    proc.output.close();
  };
  const current = () => members.filter((proc) => !proc.isRetiring()).sort((a, b) => a.num - b.num);
  for (let i = 0; i < config.processes; i++) create(i);

  // Drains the retiring proc and drops it once it is down.
  const retire = async (proc: ManagedProcess, kind: 'replace' | 'scale-down', reason: string) => {
    await proc.drain(kind, reason);
    remove(proc);
  };

  return {
    get config() {
      return config;
    },
    reconfigure(next) {
      config = next;
      for (const proc of members) proc.reconfigure(next);
    },
    processes: current,
    async scale(count, reason = 'scale') {
      const now = current();
      const from = now.length;
      if (count > 1 && !hasNumPlaceholder(config.processName)) {
        throw new CrewError('CREW_USAGE', `pool ${config.name} cannot have ${count} processes`, [
          `its process_name "${config.processName}" has no {num}; add one, e.g. "{pool}_{num:02}"`,
        ]);
      }
      for (let num = from; num < count; num++) create(num).start();
      const why = `scale-down: ${from}→${count} (${reason})`;
      await Promise.all(now.slice(count).map((proc) => retire(proc, 'scale-down', why)));
    },
    startAll() {
      for (const proc of current()) proc.start();
    },
    async stopAll() {
      await Promise.all(members.map((proc) => proc.stop()));
    },
    retiring: () => members.filter((proc) => proc.isRetiring()),
    members: () => members,
    async replace(proc) {
      const marked = proc.lifecycle().retiring;
      if (!members.includes(proc) || marked?.kind !== 'replace') return false;
      const fresh = create(proc.num, proc.name);
      fresh.start();
      const state = await fresh.until((s) => s !== 'STARTING' && s !== 'BACKOFF');
      if (state === 'RUNNING') {
        await retire(proc, 'replace', marked.reason);
        fresh.inheritExits(proc.exits());
        return true;
      }
      // The replacement failed, or was itself stopped or drained meanwhile (a scale-down took
      // its place in the pool: the process it was to replace goes with it).
      const taken = fresh.lifecycle().retiring;
      await fresh.stop();
      remove(fresh);
      if (taken?.kind === 'scale-down') await retire(proc, 'scale-down', taken.reason);
      else proc.keep();
      return false;
    },
  };
}
