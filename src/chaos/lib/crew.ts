// A `crew up` of the scenario's own: a temporary directory with its crew.yaml, the daemon started
// from source, its control socket for status, and a stop that leaves nothing behind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, startCrew } from '../../cli/test-support/run-crew.js';
import { callDaemon } from '../../control/client.js';

export interface ChaosCrew {
  readonly dir: string;
  readonly file: string;
  daemon: Daemon;
  // Processes of a pool as `crew status` sees them.
  processes(pool: string): Promise<{ name: string; state: string; pid: number | null }[]>;
  // Starts crew again in the same directory (after a kill).
  restart(): Daemon;
  stop(): Promise<void>;
}

export const chaosFixture = (name: string) =>
  new URL(`../fixtures/${name}`, import.meta.url).pathname;

export function startChaosCrew(yaml: string, prefix = 'crew-chaos-'): ChaosCrew {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'crew.yaml');
  writeFileSync(file, yaml);
  const socket = join(dir, '.crew', 'crew.sock');
  const crew: ChaosCrew = {
    dir,
    file,
    daemon: startCrew(file, dir),
    async processes(pool) {
      const status = await callDaemon(socket, 'status', {});
      return status.processes
        .filter((p) => p.pool === pool)
        .map((p) => ({ name: p.name, state: p.state, pid: p.pid }));
    },
    restart() {
      crew.daemon = startCrew(file, dir);
      return crew.daemon;
    },
    async stop() {
      const { child, exited } = crew.daemon;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return crew;
}

// Resolves once check() is true, checking every `everyMs` (an event poll, not a guessed wait);
// rejects with `what` after limitMs.
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 120_000,
  everyMs = 20,
): Promise<void> {
  const limit = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > limit) throw new Error(`${what}: not within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
