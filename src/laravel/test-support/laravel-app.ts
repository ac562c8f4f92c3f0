// The Laravel app of examples/laravel for end-to-end tests against real PHP: its state (a
// SQLite database migrated by the app's own migrations, storage/) in a test's temporary
// directory, artisan run against that state, what its jobs recorded (job_runs) read back, and
// the crew.yaml lines of a `php artisan queue:work` pool on it.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Daemon, startCrew } from '../../cli/test-support/run-crew.js';
import { createUpHarness } from '../../cli/test-support/up-harness.js';

export const appDir = new URL('../../../examples/laravel', import.meta.url).pathname;

// Why the app cannot run here (no PHP, no Debian Laravel, a missing extension), or null.
function phpUnavailable(): string | null {
  const state = mkdtempSync(join(tmpdir(), 'crew-laravel-probe-'));
  try {
    const modules = spawnSync('php', ['-m'], { encoding: 'utf8' });
    if (modules.error) return `php is not installed (${modules.error.message})`;
    const missing = ['pcntl', 'pdo_sqlite', 'posix'].filter(
      (name) => !new RegExp(`^${name}$`, 'mi').test(modules.stdout),
    );
    if (missing.length > 0) return `php lacks the extension(s) ${missing.join(', ')}`;
    const db = join(state, 'probe.sqlite');
    new Database(db).close();
    const about = spawnSync('php', ['artisan', 'crew:about'], {
      cwd: appDir,
      encoding: 'utf8',
      env: { ...process.env, APP_STORAGE: join(state, 'storage'), DB_URL: `sqlite:${db}` },
    });
    if (about.status !== 0)
      return `php artisan does not boot: ${(about.stderr || about.stdout).trim().split('\n')[0]}`;
    return null;
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

// The `skip` option of this file's tests: false when PHP runs the app, else the reason (printed).
// In CI (CI=true) a machine without it is a failure, not a skip: .ci/run installs it.
export function skipWithoutPhp(): string | false {
  const reason = phpUnavailable();
  if (reason === null) return false;
  const full = `${reason}; examples/laravel/setup.sh installs PHP and Laravel`;
  if (process.env.CI === 'true') throw new Error(`CI must run the Laravel tests: ${full}`);
  console.log(`# skipping the Laravel end-to-end tests: ${full}`);
  return full;
}

// A Laravel test file's setup: its skip (a failure under CI) without PHP, temporary directories
// for crew.yaml and the app's state, and `up` to start crew there, stopped after the file.
export function laravelHarness() {
  const skip = skipWithoutPhp();
  const { daemons, workspace } = createUpHarness();
  const up = (file: string, dir: string): Daemon => {
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    return daemon;
  };
  return { skip, workspace, up };
}

export interface ArtisanRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LaravelApp {
  // The app's database file and its URL, as crew.yaml and DB_URL spell it.
  readonly dbPath: string;
  readonly dbUrl: string;
  // What every PHP process of this test gets: DB_URL, APP_STORAGE and the options given.
  readonly env: Readonly<Record<string, string>>;
  artisan(args: readonly string[]): Promise<ArtisanRun>;
  // `php artisan crew:dispatch QUEUE COUNT FLAGS...`; throws when it fails.
  dispatch(queue: string, count: number, ...flags: string[]): Promise<void>;
  // Rows of a read-only query on the app's database.
  query<T>(sql: string, ...params: unknown[]): T[];
  // The crew.yaml lines (4-space indented) of a queue:work pool for QUEUE on this app, watching
  // the app's jobs table as its backlog.
  poolLines(queue: string, workArgs?: string): string;
}

export const WORK_ARGS = '--sleep=1 --tries=3 --max-time=3600 --memory=128';

// A fresh copy of the app's state in `dir` (a test's temporary directory), migrated.
export async function createLaravelApp(
  dir: string,
  env: Readonly<Record<string, string>> = {},
): Promise<LaravelApp> {
  const dbPath = join(dir, 'app.sqlite');
  const dbUrl = `sqlite:${dbPath}`;
  const appEnv = { DB_URL: dbUrl, APP_STORAGE: join(dir, 'storage'), ...env };
  const artisan = (args: readonly string[]) =>
    new Promise<ArtisanRun>((resolve) => {
      execFile(
        'php',
        ['artisan', ...args],
        { cwd: appDir, env: { ...process.env, ...appEnv }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  // The app's setup creates the file; migrations make the tables (and switch it to WAL).
  new Database(dbPath).close();
  const migrated = await artisan(['migrate', '--force']);
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrated.stderr}${migrated.stdout}`);
  return {
    dbPath,
    dbUrl,
    env: appEnv,
    artisan,
    async dispatch(queue, count, ...flags) {
      const run = await artisan(['crew:dispatch', queue, String(count), ...flags]);
      if (run.code !== 0) throw new Error(`crew:dispatch ${queue} failed: ${run.stderr}`);
    },
    query<T>(sql: string, ...params: unknown[]) {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    poolLines(queue, workArgs = WORK_ARGS) {
      return [
        `    command: php artisan queue:work database --queue=${queue} ${workArgs}`,
        `    cwd: ${appDir}`,
        `    env: ${JSON.stringify(appEnv)}`,
        `    backlog: { source: "${dbUrl}", queues: [${queue}] }`,
      ].join('\n');
    },
  };
}

// One attempt of one job, as the job recorded it (examples/laravel's job_runs).
export interface JobRun {
  readonly id: number;
  readonly queue: string;
  readonly job: string;
  readonly uuid: string;
  readonly attempt: number;
  readonly ready_at_ms: number;
  readonly started_at_ms: number;
  readonly finished_at_ms: number | null;
  readonly status: 'running' | 'done' | 'failed';
  readonly pid: number;
  readonly memory_mb: number | null;
}

// Resolves with check()'s first truthy value, polling every 100 ms; rejects after timeoutMs
// with what was last seen.
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
