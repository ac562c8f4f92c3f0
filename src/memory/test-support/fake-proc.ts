// A writable /proc look-alike in a temp dir, for driving the sampler tick by tick: each process
// gets a stat line and an smaps_rollup that a test can rewrite between ticks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeProcess {
  readonly ppid: number;
  readonly rssKb: number;
  readonly pssKb: number;
  // Default: half the PSS, all of it dirty.
  readonly ussKb?: number;
  readonly swapKb?: number;
  // Default 1000 + pid.
  readonly startTicks?: number;
  // The part of RSS that is anonymous, in statm; default all of it. null: no statm file.
  readonly anonKb?: number | null;
}

export interface FakeProc {
  readonly root: string;
  // Writes (or rewrites) a process; stat and statm count in 4 KiB pages.
  write(pid: number, process: FakeProcess): void;
  // Writes a raw file under pid's directory.
  writeFile(pid: number, name: string, text: string): void;
  remove(pid: number): void;
  dispose(): void;
}

function statLine(pid: number, process: FakeProcess): string {
  const fields = Array.from({ length: 49 }, () => '0');
  fields[1] = String(process.ppid);
  fields[19] = String(process.startTicks ?? 1000 + pid);
  fields[21] = String(process.rssKb / 4);
  fields[0] = 'S';
  return `${pid} (fake ${pid}) ${fields.join(' ')}\n`;
}

function rollup(process: FakeProcess): string {
  const lines = [
    '00400000-7ffd3a1f4000 ---p 00000000 00:00 0                          [rollup]',
    `Rss:     ${process.rssKb} kB`,
    `Pss:     ${process.pssKb} kB`,
    `Pss_Anon:     ${process.pssKb + 1} kB`,
    'Private_Clean:     0 kB',
    `Private_Dirty:     ${process.ussKb ?? process.pssKb / 2} kB`,
    `Swap:     ${process.swapKb ?? 0} kB`,
  ];
  return `${lines.join('\n')}\n`;
}

export function createFakeProc(): FakeProc {
  const root = mkdtempSync(join(tmpdir(), 'crew-fake-proc-'));
  const writeFile = (pid: number, name: string, text: string) => {
    mkdirSync(join(root, String(pid)), { recursive: true });
    writeFileSync(join(root, String(pid), name), text);
  };
  return {
    root,
    write(pid, process) {
      writeFile(pid, 'stat', statLine(pid, process));
      writeFile(pid, 'smaps_rollup', rollup(process));
      const anonKb = process.anonKb === undefined ? process.rssKb : process.anonKb;
      if (anonKb === null) rmSync(join(root, String(pid), 'statm'), { force: true });
      else {
        const kbs = [process.rssKb * 2, process.rssKb, process.rssKb - anonKb, 4, 0, anonKb, 0];
        writeFile(pid, 'statm', `${kbs.map((kb) => kb / 4).join(' ')}\n`);
      }
    },
    writeFile,
    remove: (pid) => rmSync(join(root, String(pid)), { recursive: true, force: true }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
