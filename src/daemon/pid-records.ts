// What this run started, on disk, so that a run after a SIGKILLed crew can stop the leftovers.
// A process is identified by pid plus start time, so a recycled pid is never mistaken for ours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readProcStat } from '../memory/proc-stat.js';
import { listProcesses } from '../memory/process-tree.js';
import type { SpawnedProcess } from '../supervise/managed-process.js';
import { writePrivateFile } from './run-dir.js';

export interface PidRecord {
  readonly name: string;
  readonly pid: number;
  readonly startTicks: number;
  // The pool's stop_timeout: how long the leftovers get between TERM and KILL.
  readonly stopTimeoutMs: number;
  // Its pool and spawn id, so a later run can put back the jobs a worker host held (absent in
  // records written by older versions).
  readonly pool?: string;
  readonly instance?: string;
}

export interface PidRecords {
  // Records a spawned process (a name may briefly have two pids while one is replaced).
  add(spawned: SpawnedProcess): void;
  // Forgets a process that has exited.
  remove(pid: number): void;
}

const fileName = 'pids.json';

// Keeps runDir/pids.json in step with the processes this run has up.
export function createPidRecords(runDir: string): PidRecords {
  const records = new Map<number, PidRecord>();
  const path = join(runDir, fileName);
  // A write that fails (the run directory's disk is full) must not break a spawn: the records
  // stay in memory and the next write carries them all.
  const write = () => {
    try {
      writePrivateFile(path, JSON.stringify([...records.values()]));
    } catch {
      // Written again with the next spawn or exit.
    }
  };
  write();
  return {
    add({ name, pool, pid, stopTimeoutMs, instance }) {
      const startTicks = readProcStat(pid)?.startTicks ?? -1;
      records.set(pid, { name, pid, startTicks, stopTimeoutMs, pool, instance });
      write();
    },
    remove(pid) {
      records.delete(pid);
      write();
    },
  };
}

// What the previous run recorded (read before createPidRecords starts this run's file).
export function readPidRecords(runDir: string): PidRecord[] {
  try {
    const parsed = JSON.parse(readFileSync(join(runDir, fileName), 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as PidRecord[]) : [];
  } catch {
    return [];
  }
}

// Pids still alive from a previous run's records: each leader and everything in its group
// that started no earlier than it did.
export function findLeftovers(records: readonly PidRecord[]): number[] {
  const table = listProcesses();
  const found = new Set<number>();
  for (const record of records) {
    for (const proc of table.values()) {
      if (proc.state === 'Z') continue;
      const isLeader = proc.pid === record.pid && proc.startTicks === record.startTicks;
      const inGroup = proc.pgid === record.pid && proc.startTicks >= record.startTicks;
      if (isLeader || inGroup) found.add(proc.pid);
    }
  }
  return [...found];
}

// Stops what a previous run left behind: TERM, then KILL after the longest stop_timeout among
// them. Returns the pids found.
export async function stopLeftovers(records: readonly PidRecord[]): Promise<number[]> {
  const leftovers = findLeftovers(records);
  const graceMs = Math.max(0, ...records.map((record) => record.stopTimeoutMs ?? 10_000));
  const signalAll = (pids: readonly number[], signal: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  signalAll(leftovers, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  const waitGone = async (pids: number[], until: number) => {
    let alive = pids;
    while (alive.length > 0 && Date.now() < until) {
      await delay(25);
      alive = alive.filter((pid) => {
        const stat = readProcStat(pid);
        return stat !== null && stat.state !== 'Z';
      });
    }
    return alive;
  };
  const stubborn = await waitGone(leftovers, deadline);
  signalAll(stubborn, 'SIGKILL');
  await waitGone(stubborn, Date.now() + 2000);
  return leftovers;
}
