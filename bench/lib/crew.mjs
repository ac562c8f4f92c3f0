// crew as a benchmark peer: writes a crew.yaml for a layout of pools, runs
// `bin/crew.js -c crew.yaml up` in the foreground (executed as an installed `crew` is, through its
// shebang and the V8 flags there), and asks `crew status`, also the ways the README has users
// type it (statusVariants).
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed, startDaemon, stopDaemon } from './run.mjs';
import { parseStatusLines } from './status-lines.mjs';

const crewBin = new URL('../../bin/crew.js', import.meta.url).pathname;
const crewMain = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const repoRoot = new URL('../..', import.meta.url).pathname;

// `store`: a job store URL for crew.yaml (CREW_BENCH_STORE), else crew's default SQLite file.
function renderConfig(pools, store) {
  const lines = [...(store ? [`store: ${JSON.stringify(store)}`] : []), 'pools:'];
  for (const pool of pools) {
    lines.push(
      `  ${pool.name}:`,
      `    command: ${JSON.stringify(pool.argv.join(' '))}`,
      `    processes: ${pool.processes}`,
      '    startsecs: 1s',
    );
  }
  return `${lines.join('\n')}\n`;
}

// A peer that runs `pools` ({name, processes, argv}) under crew in `dir`.
export function createCrewPeer({ dir, pools, store = process.env.CREW_BENCH_STORE }) {
  const configFile = join(dir, 'crew.yaml');
  let daemon = null;
  // What `npm link` or `npm install -g` puts on PATH: a `crew` symlink to bin/crew.js.
  const pathDir = join(dir, 'path-bin');
  mkdirSync(pathDir, { recursive: true });
  symlinkSync(crewBin, join(pathDir, 'crew'));
  const withCrewOnPath = { ...process.env, PATH: `${pathDir}:${process.env.PATH ?? ''}` };
  return {
    name: 'crew',
    configFile,
    statusArgv: [crewBin, '-c', configFile, 'status'],
    // `status` as the README tells users to type it, and as it did before (npx, in the checkout).
    statusVariants: [
      {
        label: 'status as README types it: `crew status`',
        argv: ['crew', 'status'],
        options: { cwd: dir, env: withCrewOnPath },
      },
      {
        label: 'status via `npx crew status` (old README)',
        argv: ['npx', 'crew', '-c', configFile, 'status'],
        options: { cwd: repoRoot },
      },
    ],
    start() {
      if (!existsSync(crewMain)) throw new Error(`${crewMain} is missing: run \`npm run build\``);
      writeFileSync(configFile, renderConfig(pools, store));
      daemon = startDaemon([crewBin, '-c', configFile, 'up'], {
        cwd: dir,
        logFile: join(dir, 'daemon.log'),
      });
      return daemon.pid;
    },
    async status() {
      const run = await runTimed(this.statusArgv, { cwd: dir });
      return { ...run, processes: parseStatusLines(run.stdout) };
    },
    isRunning: () => daemon !== null && daemon.child.exitCode === null && !daemon.child.signalCode,
    log: () => daemon?.log() ?? '',
    stop: () => (daemon ? stopDaemon(daemon) : null),
  };
}
