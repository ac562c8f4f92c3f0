// supervisord as a benchmark peer: installs Debian's `supervisor` package when it is missing,
// writes a supervisord.conf for a layout of pools, runs `supervisord -n` in the foreground
// with its own unix socket, and asks `supervisorctl status`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTimed, startDaemon, stopDaemon } from './run.mjs';
import { parseStatusLines } from './status-lines.mjs';

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Installs supervisord with apt-get if it is not on PATH (apt-get update first if needed);
// returns its version.
export function ensureSupervisord(log) {
  if (!hasCommand('supervisord')) {
    if (process.getuid?.() !== 0) {
      throw new Error('supervisord is missing: run `apt-get install -y supervisor` as root');
    }
    const apt = (args) =>
      execFileSync('apt-get', args, {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    log('supervisord is missing: apt-get install -y supervisor');
    try {
      apt(['install', '-y', '--no-install-recommends', 'supervisor']);
    } catch {
      log('install failed: apt-get update, then again');
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', 'supervisor']);
    }
  }
  return execFileSync('supervisord', ['--version'], { encoding: 'utf8' }).trim();
}

// The sections of a supervisord.conf that runs in the foreground with everything in `dir`
// (socket, pid file, logs); `settings` go into [supervisord] (e.g. environment=).
export function mainSections(dir, settings = []) {
  return [
    `[unix_http_server]\nfile=${join(dir, 'supervisor.sock')}\nchmod=0700`,
    [
      '[supervisord]',
      `logfile=${join(dir, 'supervisord.log')}`,
      `pidfile=${join(dir, 'supervisord.pid')}`,
      `childlogdir=${join(dir, 'logs')}`,
      'nodaemon=true',
      ...settings,
      // As root supervisord logs a CRIT line unless told whom to run as.
      ...(process.getuid?.() === 0 ? ['user=root'] : []),
    ].join('\n'),
    '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    `[supervisorctl]\nserverurl=unix://${join(dir, 'supervisor.sock')}`,
  ];
}

function renderConfig(dir, pools) {
  const sections = [
    ...mainSections(dir),
    ...pools.map((pool) =>
      [
        `[program:${pool.name}]`,
        `command=${pool.argv.join(' ')}`,
        `numprocs=${pool.processes}`,
        'process_name=%(program_name)s_%(process_num)02d',
        'startsecs=1',
        'stopasgroup=true',
        'killasgroup=true',
      ].join('\n'),
    ),
  ];
  return `${sections.join('\n\n')}\n`;
}

// A peer that runs `pools` ({name, processes, argv}) under supervisord in `dir`.
export function createSupervisordPeer({ dir, pools }) {
  const configFile = join(dir, 'supervisord.conf');
  let daemon = null;
  return {
    name: 'supervisord',
    configFile,
    statusArgv: ['supervisorctl', '-c', configFile, 'status'],
    start() {
      mkdirSync(join(dir, 'logs'), { recursive: true });
      writeFileSync(configFile, renderConfig(dir, pools));
      daemon = startDaemon(['supervisord', '-n', '-c', configFile], {
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
