// An fpm: pool's link to PHP-FPM: FPM's own config read with crew.yaml (so `crew check` and
// `crew up` report its mistakes at their file:line), the FPM pools' pm settings and status
// addresses kept in the frozen config, and the master's command line.
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { CrewError } from '../errors/crew-error.js';
import { readFpmConfig } from '../fpm/config/read-config.js';
import type { FpmConfig, FpmPool } from '../fpm/config/types.js';
import { pmSettingsOf } from '../fpm/plan/current-pool.js';
import type { PathIssue } from './issues.js';
import type { FpmLink, FpmPoolView } from './types.js';

export interface ParsedFpm {
  readonly config: string;
  readonly binary?: string | undefined;
  readonly prefix?: string | undefined;
  readonly status_interval: number;
}

export interface FpmLinkRead {
  readonly link: FpmLink | null;
  // The binary when crew.yaml does not name one.
  readonly argv: readonly string[];
  // Mistakes in FPM's files, at their own file:line (the crew.yaml path is the pool's fpm:).
  readonly errors: readonly FpmFileIssue[];
  readonly warnings: readonly FpmFileIssue[];
  // A mistake in crew.yaml itself (the main file cannot be read).
  readonly yamlErrors: readonly PathIssue[];
}

export interface FpmFileIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

// Debian's and Ubuntu's binaries are named by version; the official images' is php-fpm.
const VERSIONS = ['8.4', '8.3', '8.2', '8.1', '8.0', '7.4', '7.3'];

function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// php-fpm on PATH, else a versioned one on PATH or in /usr/sbin; 'php-fpm' when none is found
// (the spawn then fails with a message naming it).
export function findFpmBinary(path: string = process.env.PATH ?? ''): string {
  const dirs = [...path.split(delimiter).filter((d) => d !== ''), '/usr/sbin', '/usr/local/sbin'];
  const names = ['php-fpm', ...VERSIONS.map((v) => `php-fpm${v}`)];
  for (const name of names)
    for (const dir of dirs) if (runnable(join(dir, name))) return join(dir, name);
  return 'php-fpm';
}

// The pool's settings crew shows, checks, plans and rolls back.
export function fpmPoolView(pool: FpmPool): FpmPoolView {
  const written = pool.entries.get('pm.max_children')?.position ?? pool.header;
  return {
    name: pool.name,
    // A pool without pm is refused by the read's errors; the view is never used then.
    ...pmSettingsOf({ ...pool, pm: pool.pm ?? 'dynamic' }),
    statusListen: pool.statusPath === null ? null : (pool.statusListen ?? pool.listen),
    statusPath: pool.statusPath,
    pingPath: pool.pingPath,
    maxChildrenAt: { file: written.file, line: written.line },
  };
}

// Log paths that name the master's stdout or stderr (the official images' docker.conf writes
// `error_log = /proc/self/fd/2`): crew hands php-fpm a socket there, which cannot be opened by
// path (ENXIO), so php-fpm would refuse to start.
const STREAM_PATH = /^\/(proc\/self\/fd\/[12]|dev\/std(out|err))$/;
const LOG_KEYS = ['error_log', 'access.log', 'slowlog'];

function streamPathErrors(config: FpmConfig): FpmFileIssue[] {
  const entries = [
    ...config.global.entries.values(),
    ...config.pools.flatMap((pool) => [...pool.entries.values()]),
  ];
  return entries
    .filter((entry) => LOG_KEYS.includes(entry.key) && STREAM_PATH.test(entry.value))
    .map((entry) => ({
      file: entry.position.file,
      line: entry.position.line,
      column: entry.position.column,
      message: `${entry.key} = ${entry.value}: under crew, php-fpm's stdout and stderr are sockets, which cannot be opened by path (php-fpm stops with "No such device or address"); ${entry.key === 'error_log' ? 'leave error_log out: crew runs php-fpm with --force-stderr, so its log reaches crew' : 'write it to a file, or leave it out'}`,
    }));
}

// php-fpm's process_control_timeout is how long its children get to finish their requests on a
// graceful reload (USR2) or stop (QUIT) before it sends TERM. Its default, 0, sends TERM at once:
// measured on php-fpm 8.2, a request under way during USR2 is cut (the client reads ECONNRESET).
function controlTimeoutWarnings(config: FpmConfig, stopTimeoutMs: number): FpmFileIssue[] {
  const written = config.global.entries.get('process_control_timeout')?.position;
  const at = written ?? { file: config.files[0] ?? '', line: 1, column: 1 };
  const where = { file: at.file, line: at.line, column: at.column };
  const timeout = config.global.processControlTimeoutMs;
  if (timeout === 0)
    return [
      {
        ...where,
        message:
          "process_control_timeout is 0 (php-fpm's default), so a graceful reload (crew reload, crew plan --apply) or stop ends the requests under way at once; set it to the longest request you allow, e.g. process_control_timeout = 20s, below the pool's stop_timeout",
      },
    ];
  if (timeout >= stopTimeoutMs)
    return [
      {
        ...where,
        message: `process_control_timeout (${timeout / 1000}s) is not below the pool's stop_timeout (${stopTimeoutMs / 1000}s), so crew kills php-fpm before its children may finish; raise stop_timeout`,
      },
    ];
  return [];
}

// Reads the FPM config of one pool; `dir` is crew.yaml's directory.
export function readFpmLink(
  fpm: ParsedFpm,
  dir: string,
  env: NodeJS.ProcessEnv,
  at: readonly string[],
  stopTimeoutMs = 10_000,
): FpmLinkRead {
  const config = resolve(dir, fpm.config);
  const prefix = fpm.prefix === undefined ? null : resolve(dir, fpm.prefix);
  const binary = fpm.binary ?? findFpmBinary(env.PATH);
  const argv = [
    binary,
    '--nodaemonize',
    '--force-stderr',
    '--fpm-config',
    config,
    ...(prefix === null ? [] : ['--prefix', prefix]),
  ];
  let read: FpmConfig;
  try {
    read = readFpmConfig(config, { env, ...(prefix === null ? {} : { prefix }) });
  } catch (error) {
    const message = error instanceof CrewError ? error.message : String(error);
    return {
      link: null,
      argv,
      errors: [],
      warnings: [],
      yamlErrors: [{ path: [...at, 'fpm'], at: 'value', message }],
    };
  }
  const streams = streamPathErrors(read);
  const link: FpmLink = {
    config,
    prefix,
    statusIntervalMs: fpm.status_interval,
    pools: read.pools.map(fpmPoolView),
    filesHash: read.digest,
  };
  return {
    link,
    argv,
    errors: [...read.errors, ...streams],
    warnings: [...read.warnings, ...controlTimeoutWarnings(read, stopTimeoutMs)],
    yamlErrors: [],
  };
}
