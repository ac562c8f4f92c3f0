// A real php-fpm for tests: a php-fpm.conf and one pool in a temp dir, run in the foreground
// (`php-fpm8.2 -F -y conf -p dir`, plus `-R` as root: FPM refuses to run a pool as root without
// it), ready once its ping page answers. Stopped with SIGQUIT (graceful), then SIGKILL to its
// process group, and the dir removed.
export { freePort } from '../../../test-support/free-port.js';

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pingFpm } from '../read-status.js';

export const PHP_FPM = '/usr/sbin/php-fpm8.2';

// Why php-fpm cannot run here, or null.
export function phpFpmMissing(): string | null {
  if (!existsSync(PHP_FPM)) return `${PHP_FPM} is missing; apt-get install php-fpm`;
  const version = spawnSync(PHP_FPM, ['-v'], { encoding: 'utf8' });
  return version.status === 0 ? null : `${PHP_FPM} -v failed: ${version.stderr || version.error}`;
}

export interface RunningFpm {
  readonly dir: string;
  readonly listen: string;
  readonly child: ChildProcess;
  // The master's log (error_log), for messages.
  log(): string;
  // Graceful, then forceful; idempotent. Resolves once the master has exited and dir is gone.
  stop(): Promise<void>;
}

function killGroup(pid: number) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

// Starts php-fpm with one pool `crew` of 2 children listening where `listenFor(dir)` says (a
// socket in the temp dir, or 127.0.0.1:port); resolves once it answers its ping, or stops it and
// throws with its log.
export async function startPhpFpm(pm: 'static' | 'dynamic', listenFor: (dir: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'crew-php-fpm-'));
  const listen = listenFor(dir);
  const conf = join(dir, 'php-fpm.conf');
  const logFile = join(dir, 'fpm.log');
  writeFileSync(
    conf,
    [
      '[global]',
      `error_log = ${logFile}`,
      `pid = ${join(dir, 'fpm.pid')}`,
      'daemonize = no',
      '[crew]',
      `listen = ${listen}`,
      `pm = ${pm}`,
      'pm.max_children = 2',
      ...(pm === 'dynamic'
        ? ['pm.start_servers = 2', 'pm.min_spare_servers = 1', 'pm.max_spare_servers = 2']
        : []),
      'pm.status_path = /status',
      'ping.path = /ping',
      // Children keep the test runner's marker, so a child left behind is reported as a leak.
      'clear_env = no',
      '',
    ].join('\n'),
  );
  const asRoot = process.getuid?.() === 0 ? ['-R'] : [];
  // Its own process group, so the last resort kills the children with the master.
  const child = spawn(PHP_FPM, ['-F', '-y', conf, '-p', dir, ...asRoot], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4096)));
  const log = () => `${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}${stderr}`;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (child.pid !== undefined && !(await exited(child, 0))) {
        child.kill('SIGQUIT');
        if (!(await exited(child, 5000))) killGroup(child.pid);
        await exited(child, 5000);
      }
      // Any child the master left behind (none, after a graceful stop).
      if (child.pid !== undefined) killGroup(child.pid);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const running: RunningFpm = { dir, listen, child, log, stop };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ping = await pingFpm({ listen, timeoutMs: 1000 });
    if (ping.ok) return running;
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = `${ping.message}; exit ${child.exitCode}`;
      const text = log();
      await stop();
      throw new Error(`php-fpm did not answer its ping: ${why}\n${text}`);
    }
    // Not listening yet: try the connect again on the next turn of the timer queue.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
