// Reads what a benchmark needs from /proc: a process's memory, its children, their command
// lines, and the processes left behind under a directory (to kill them when a run ends).
import { readdirSync, readFileSync } from 'node:fs';

const KIB = 1024;

// The daemon's memory from /proc/PID/smaps_rollup, in bytes: PSS, RSS and USS (private pages).
export function readMemoryBytes(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/smaps_rollup`);
    return Number(match[1]) * KIB;
  };
  return {
    pssBytes: field('Pss'),
    rssBytes: field('Rss'),
    ussBytes: field('Private_Clean') + field('Private_Dirty'),
  };
}

// The command line of a process as one string, or null once it is gone.
export function readCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

function readParentPid(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function listPids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

// The direct children of a process: /proc/PID/task/*/children where the kernel has it
// (CONFIG_PROC_CHILDREN), else a scan of every /proc/PID/stat for the parent pid.
export function listChildPids(pid) {
  try {
    const pids = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    }
    return pids;
  } catch {
    return listPids().filter((child) => {
      try {
        return readParentPid(child) === pid;
      } catch {
        return false;
      }
    });
  }
}

function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true;
  }
}

// Kills with SIGKILL every live process whose command line mentions `text`; returns them.
export function killProcessesMentioning(text) {
  const killed = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const cmdline = readCmdline(pid);
    if (!cmdline?.includes(text) || isZombie(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(`${pid} ${cmdline}`);
    } catch {
      // It ended while we looked.
    }
  }
  return killed;
}
