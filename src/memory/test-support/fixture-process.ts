// Runs a script of ../fixtures in its own process group and follows its output lines, for the
// sampler's live tests; stop() kills the whole group and waits until every member is gone.
import { spawn } from 'node:child_process';
import { listProcesses } from '../process-tree.js';
import { waitUntil } from './allocating-process.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;

export interface FixtureProcess {
  readonly pid: number;
  // Resolves with the first line, printed already or to come, that matches the pattern.
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

function isGoneOrZombie(pid: number, table: ReturnType<typeof listProcesses>): boolean {
  const stat = table.get(pid);
  return stat === undefined || stat.state === 'Z';
}

// Starts `node fixtures/SCRIPT ARGS...`.
export function startFixture(script: string, ...args: (string | number)[]): FixtureProcess {
  const child = spawn(process.execPath, [fixtures + script, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const pid = child.pid!;
  const lines: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid,
    async waitForLine(pattern, timeoutMs = 10_000) {
      let match: RegExpExecArray | null = null;
      await waitUntil(
        () => {
          if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
          match = lines.map((line) => pattern.exec(line)).find((found) => found !== null) ?? null;
          return match !== null;
        },
        `${script} to print ${pattern}`,
        timeoutMs,
      );
      return match!;
    },
    signal(signal) {
      child.kill(signal);
    },
    async stop() {
      const members = [...listProcesses().values()].filter((stat) => stat.pgid === pid);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
      await exited;
      child.stdout.destroy();
      await waitUntil(() => {
        const table = listProcesses();
        return members.every((member) => isGoneOrZombie(member.pid, table));
      }, `the ${script} group to exit`);
    },
  };
}
