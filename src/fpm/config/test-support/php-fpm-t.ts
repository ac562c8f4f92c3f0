// php-fpm's own verdict on a config, for comparing crew's reader with it: `php-fpm8.2 -tt -y
// FILE -p PREFIX` checks the config (and the machine: users, log directories) and dumps every
// pool's settings as it will run them. The prefix is a scratch directory with log/ in it, so
// php-fpm's default error log lands there and a relative include or socket path is under it.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const PHP_FPM = '/usr/sbin/php-fpm8.2';

// Why php-fpm cannot be compared with here, or null.
export function phpFpmMissing(): string | null {
  return existsSync(PHP_FPM) ? null : `${PHP_FPM} is missing (apt-get install php-fpm)`;
}

// node:test's `skip`: the reason, except in CI, where the tests must run (and fail without it).
export function phpFpmSkip(): string | false {
  const missing = phpFpmMissing();
  if (missing === null || process.env.CI === 'true') return false;
  console.log(`# skipping the php-fpm -t comparisons: ${missing}`);
  return missing;
}

export interface FpmVerdict {
  readonly ok: boolean;
  // Each section of the dump ([global] included) with its settings as php-fpm printed them.
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, string>>;
  // Every ALERT, ERROR and WARNING line, without the time stamp.
  readonly messages: readonly string[];
  readonly output: string;
}

// Runs `php-fpm -tt` on `file` with `env` (PATH is added) and reads what it said.
export function phpFpmTest(file: string, prefix: string, env: Record<string, string> = {}) {
  if (phpFpmMissing() !== null) throw new Error(phpFpmMissing() ?? '');
  mkdirSync(join(prefix, 'log'), { recursive: true });
  const log = join(prefix, 'log', 'php-fpm.log');
  rmSync(log, { force: true });
  // stdout and stderr go to a file: a config may name /proc/self/fd/2 or /dev/stderr as its
  // log, which php-fpm cannot open on the socket Node would give it.
  const outputFile = join(prefix, 'log', 'output.txt');
  const fd = openSync(outputFile, 'w');
  let status: number | null;
  try {
    status = spawnSync(PHP_FPM, ['-tt', '-p', prefix, '-y', file], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', fd, fd],
      timeout: 20_000,
    }).status;
  } finally {
    closeSync(fd);
  }
  const output = [outputFile, log]
    .map((path) => (existsSync(path) ? readFileSync(path, 'utf8') : ''))
    .join('');
  rmSync(log, { force: true });
  rmSync(outputFile, { force: true });
  const sections = new Map<string, Map<string, string>>();
  const messages: string[] = [];
  let section: Map<string, string> | null = null;
  for (const line of output.split('\n')) {
    // With log_level = debug each line also names the pid and the C function.
    const text = line
      .replace(/^\[[^\]]*\] /, '')
      .replace(/^(\w+): pid \d+, \w+\(\), line \d+: /, '$1: ');
    const header = /^NOTICE: \[(.*)\]$/.exec(text);
    const setting = /^NOTICE: \t(.+?) = (.*)$/.exec(text);
    if (header) {
      section = new Map();
      sections.set(header[1] as string, section);
    } else if (setting && section) section.set(setting[1] as string, setting[2] as string);
    else if (/^(ALERT|ERROR|WARNING|PHP):/.test(text)) messages.push(text);
  }
  return { ok: status === 0, sections, messages, output } satisfies FpmVerdict;
}
