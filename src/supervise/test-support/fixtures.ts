// Builders and waits for tests that run real processes: pool configs around the fixture
// scripts, a sink for their output, and a wait for an event with a deadline (never a sleep).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { poolConfig } from '../../config/test-support/pool-config.js';
import type { CrewConfig, PoolConfig } from '../../config/types.js';
import type { EventBus } from '../../events/typed-emitter.js';
import { readProcStat } from '../../memory/proc-stat.js';
import type { SupervisorEvents } from '../events.js';
import type { OutputTargets } from '../output.js';
import { createSupervisor, type Supervisor } from '../supervisor.js';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;

// argv running a fixture script with this Node.
export function fixture(script: string, ...args: (string | number)[]): string[] {
  return [process.execPath, join(fixtures, script), ...args.map(String)];
}

// A pool config with fast test timings; override what the test is about.
export function testPool(
  name: string,
  argv: readonly string[],
  overrides: Partial<PoolConfig> = {},
): PoolConfig {
  return poolConfig(name, {
    argv,
    cwd: fixtures,
    startsecsMs: 100,
    backoffMs: 100,
    stopTimeoutMs: 2000,
    ...overrides,
  });
}

// A whole config around the pools, with its run directory in a fresh temp dir.
export function testConfig(
  pools: readonly PoolConfig[],
  runDir = mkdtempSync(join(tmpdir(), 'crew-test-')),
): CrewConfig {
  return {
    file: join(runDir, 'crew.yaml'),
    runDir,
    control: { socket: join(runDir, 'crew.sock') },
    pools,
    budget: null,
    sampleIntervalMs: 1000,
    store: `sqlite:${join(runDir, 'crew.db')}`,
    http: null,
  };
}

// Output targets that collect what the processes print.
export function captureOutput(): OutputTargets & { text(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stdout, stderr, text: () => text };
}

// Resolves with the first event of that name matching the predicate; rejects after timeoutMs.
export function nextEvent<M extends object, K extends keyof M>(
  events: EventBus<M>,
  name: K,
  predicate: (payload: M[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<M[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = events.on(name, (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

// Polls a condition every 10 ms until it holds; rejects after timeoutMs.
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// True while the process exists and is not a zombie (an orphan's zombie may linger unreaped).
export function isAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const madeForTests: { supervisor: Supervisor; dir: string }[] = [];

// A supervisor over the pools with captured output and its own run dir; stopTestSupervisors()
// (call it in `after`) shuts every one down and removes the dirs.
// Pass `events` to share a larger emitter (the daemon's map) with the code under test, and
// `settings` for config fields beyond the pools (a budget).
export function superviseTest(
  pools: readonly PoolConfig[],
  events?: EventBus<SupervisorEvents>,
  settings: Partial<Omit<CrewConfig, 'pools' | 'runDir'>> = {},
) {
  const config = { ...testConfig(pools), ...settings };
  const output = captureOutput();
  const supervisor = createSupervisor({ config, outputTargets: output, events });
  madeForTests.push({ supervisor, dir: config.runDir });
  return { supervisor, output, config };
}

// Shuts down every supervisor superviseTest made and removes their run dirs.
export async function stopTestSupervisors(): Promise<void> {
  const made = madeForTests.splice(0);
  await Promise.all(made.map(({ supervisor }) => supervisor.shutdown()));
  for (const { dir } of made) removeDir(dir);
}
