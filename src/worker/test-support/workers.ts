// Runs real worker processes (src/worker/main.ts through tsx) against a real store, for tests:
// an IPC channel like the daemon's, their messages collected, and every one stopped at the end.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { WorkerConfig } from '../../config/types.js';
import { openStore } from '../../queue/open-store.js';
import type { JobStore } from '../../queue/store.js';
import { createPgSchema } from '../../queue/test-support/pg-schema.js';
import { serverUrl } from '../../queue/test-support/servers.js';
import type { WorkerMessage } from '../messages.js';

export const handlersPath = new URL('../fixtures/handlers.js', import.meta.url).pathname;
const main = new URL('../main.ts', import.meta.url).pathname;
const tsx = import.meta.resolve('tsx');

export interface TestWorker {
  readonly child: ChildProcess;
  readonly messages: WorkerMessage[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  // Resolves with the first message (already received or later) that matches.
  message(match: (m: WorkerMessage) => boolean): Promise<WorkerMessage>;
}

export interface WorkerBench {
  readonly dir: string;
  readonly storeUrl: string;
  readonly store: JobStore;
  start(overrides?: Partial<WorkerConfig> & { stopTimeoutMs?: number }): TestWorker;
  // Lines of a file the `record` handler appended to.
  lines(file: string): string[];
}

// A temp dir, a migrated store (SQLite in the dir, or a PostgreSQL schema of its own), and
// workers on it; everything is removed and stopped after the test.
export async function workerBench(
  t: TestContext,
  kind: 'sqlite' | 'postgres' = 'sqlite',
): Promise<WorkerBench | null> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-worker-'));
  let storeUrl = `sqlite:${join(dir, 'crew.db')}`;
  let dropSchema = async () => {};
  if (kind === 'postgres') {
    const server = await serverUrl(t, 'postgres');
    if (!server) {
      rmSync(dir, { recursive: true, force: true });
      return null;
    }
    const schema = await createPgSchema(server);
    storeUrl = schema.url;
    dropSchema = () => schema.drop();
  }
  const store = await openStore(storeUrl);
  await store.migrate();
  const children: TestWorker[] = [];
  t.after(async () => {
    for (const worker of children) worker.child.kill('SIGKILL');
    await Promise.all(children.map((worker) => worker.exited));
    await store.close();
    await dropSchema();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    storeUrl,
    store,
    start(overrides = {}) {
      const spec = {
        pool: 'test',
        store: storeUrl,
        handlers: handlersPath,
        queues: ['default'],
        concurrency: 4,
        perQueue: null,
        tries: 1,
        backoffSec: [0],
        timeoutMs: 60_000,
        timeoutGraceMs: 5000,
        leaseMs: 60_000,
        pollMs: 20,
        maxJobs: null,
        stopTimeoutMs: 10_000,
        ...overrides,
      };
      const child = spawn(process.execPath, ['--import', tsx, main], {
        env: { ...process.env, CREW_WORKER_SPEC: JSON.stringify(spec) },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const messages: WorkerMessage[] = [];
      const waiters = new Set<() => void>();
      child.on('message', (m) => {
        messages.push(m as WorkerMessage);
        for (const wake of [...waiters]) wake();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolve) => child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const worker: TestWorker = {
        child,
        messages,
        exited,
        stderr: () => stderr,
        message: (match) =>
          new Promise((resolve, reject) => {
            const check = () => {
              const found = messages.find(match);
              if (found) {
                waiters.delete(check);
                resolve(found);
              }
            };
            waiters.add(check);
            void exited.then(() => {
              if (waiters.delete(check))
                reject(new Error(`worker exited first; stderr:\n${stderr}`));
            });
            check();
          }),
      };
      children.push(worker);
      return worker;
    },
    lines(file) {
      try {
        return readFileSync(file, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

// Polls the store until nothing is ready, delayed or reserved in these queues.
export async function drained(
  store: JobStore,
  queues: readonly string[],
  limitMs = 60_000,
): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const snap = await store.snapshot(queues, Date.now(), null);
    if (snap.queues.every((q) => q.ready + q.delayed + q.reserved === 0)) return;
    if (Date.now() > until) throw new Error(`queues not drained: ${JSON.stringify(snap.queues)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
