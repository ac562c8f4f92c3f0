// crew as a benchmark peer: writes a crew.yaml for a layout of pools, runs
// `bin/crew.js -c crew.yaml up` in the foreground (executed as an installed `crew` is, through its
// shebang and the V8 flags there), and asks `crew status`.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed, startDaemon, stopDaemon } from './run.mjs';
import { parseStatusLines } from './status-lines.mjs';

const crewBin = new URL('../../bin/crew.js', import.meta.url).pathname;
const crewMain = new URL('../../dist/cli/main.js', import.meta.url).pathname;

function renderConfig(pools) {
  const lines = ['pools:'];
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
export function createCrewPeer({ dir, pools }) {
  const configFile = join(dir, 'crew.yaml');
  let daemon = null;
  return {
    name: 'crew',
    configFile,
    statusArgv: [crewBin, '-c', configFile, 'status'],
    start() {
      if (!existsSync(crewMain)) throw new Error(`${crewMain} is missing: run \`npm run build\``);
      writeFileSync(configFile, renderConfig(pools));
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
