// Workspaces for the `crew up` end-to-end tests: a temporary directory with a crew.yaml, the
// daemons started in it stopped and the directories removed after the file's tests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { type Daemon, fixturesDir, runCrew } from './run-crew.js';

export interface UpHarness {
  // Push every daemon started, so it is stopped after the file's tests.
  readonly daemons: Daemon[];
  // A temporary directory holding crew.yaml with this text.
  workspace(yaml: string): { dir: string; file: string };
}

// Creates the harness for one test file; call it once, at the top level.
export function createUpHarness(): UpHarness {
  const dirs: string[] = [];
  const daemons: Daemon[] = [];
  after(async () => {
    for (const daemon of daemons) {
      if (daemon.child.exitCode === null) daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function workspace(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'crew-up-'));
    dirs.push(dir);
    const file = join(dir, 'crew.yaml');
    writeFileSync(file, yaml);
    return { dir, file };
  }
  return { daemons, workspace };
}

// The command (YAML flow list) running a fixture script with this Node.
export const worker = (script: string) =>
  JSON.stringify([process.execPath, join(fixturesDir, script)]);

// `crew status --json`, parsed.
export async function statusJson(file: string, dir: string) {
  const run = await runCrew(['-c', file, 'status', '--json'], dir);
  return JSON.parse(run.stdout) as { processes: { name: string; state: string; pid: number }[] };
}
