// The claim loop against a real store (SQLite and PostgreSQL), in this process: once a claim has
// emptied the queues, a worker whose watch works does not claim again until a job is announced
// (or falls due); a freed slot does not make it look, unless a queue that was at its own limit
// can take one now. The store is counted, not replaced: every call goes to the real one.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { openStore } from '../queue/open-store.js';
import { queueOn } from '../queue/producer.js';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import { createPgSchema } from '../queue/test-support/pg-schema.js';
import { serverUrl } from '../queue/test-support/servers.js';
import { createClaimLoop, emptied } from './claim-loop.js';
import { createCompletions } from './completions.js';
import { createPause } from './pause.js';
import type { WorkerSpec } from './spec.js';

// Resolves the next time `fn` is called (a hook on a store method).
function nextCall() {
  let resolve: () => void = () => {};
  let promise = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    called() {
      resolve();
      promise = new Promise<void>((r) => {
        resolve = r;
      });
    },
    next: () => promise,
  };
}

async function openTestStore(t: TestContext, kind: 'sqlite' | 'postgres') {
  if (kind === 'postgres') {
    const server = await serverUrl(t, 'postgres');
    if (!server) return null;
    const schema = await createPgSchema(server);
    const store = await openStore(schema.url);
    t.after(async () => {
      await store.close();
      await schema.drop();
    });
    await store.migrate();
    return store;
  }
  const dir = mkdtempSync(join(tmpdir(), 'crew-claim-loop-'));
  const store = await openStore(`sqlite:${join(dir, 'crew.db')}`);
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  return store;
}

// A claim loop on `store` whose runs are held until the test ends them; claims and next-due
// reads counted.
function loopOn(store: JobStore, spec: Partial<WorkerSpec>) {
  const counted = { claims: 0, nextDue: 0 };
  const claimed = nextCall();
  const dueRead = nextCall();
  const counting: JobStore = {
    ...store,
    claim: async (...args) => {
      counted.claims++;
      const jobs = await store.claim(...args);
      claimed.called();
      return jobs;
    },
    nextDue: async (...args) => {
      counted.nextDue++;
      const at = await store.nextDue(...args);
      dueRead.called();
      return at;
    },
  };
  const running = new Map<string, number>();
  const runs: ClaimedJob[] = [];
  const started = nextCall();
  const pause = createPause();
  const completions = createCompletions(counting, () => {});
  const loop = createClaimLoop({
    spec: {
      queues: ['a'],
      concurrency: 2,
      perQueue: null,
      leaseMs: 60_000,
      pollMs: 120_000,
      ...spec,
    } as WorkerSpec,
    store: counting,
    completions,
    pause,
    now: Date.now,
    log: () => {},
    running,
    run(job) {
      running.set(job.queue, (running.get(job.queue) ?? 0) + 1);
      runs.push(job);
      started.called();
    },
  });
  // Ends a held run: its completion queued, its slot freed.
  const finish = async (job: ClaimedJob) => {
    running.set(job.queue, (running.get(job.queue) ?? 1) - 1);
    const deleted = completions.add(job);
    pause.wake();
    await deleted;
  };
  return { loop, counted, runs, claimed, dueRead, started, finish };
}

describe('emptied (pure)', () => {
  const job = (queue: string) => ({ id: 1, queue, payload: '', attempts: 1, token: 't' });
  test('a claim that got its total says nothing of any queue', () => {
    const plan = { claims: [{ queue: 'a', limit: 2 }], total: 2 };
    assert.equal(emptied(plan, [job('a'), job('a')]), null);
  });
  test('a short claim names the queues that gave fewer than asked', () => {
    const plan = {
      claims: [
        { queue: 'a', limit: 1 },
        { queue: 'b', limit: 3 },
      ],
      total: 3,
    };
    assert.deepEqual([...(emptied(plan, [job('a')]) ?? [])], ['b']);
    assert.deepEqual([...(emptied(plan, []) ?? [])].sort(), ['a', 'b']);
  });
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`claim loop on ${kind}`, () => {
    test('after a claim that emptied the queue, no claim until a job is announced', async (t) => {
      const store = await openTestStore(t, kind);
      if (!store) return;
      const q = queueOn(store);
      await q.add('a', 'noop', null);
      const w = loopOn(store, {});
      w.loop.setWatching(true);
      const started = w.started.next();
      const slept = w.dueRead.next();
      w.loop.start();
      t.after(() => w.loop.stop());
      await started;
      // The claim got one job of the two it asked for: the loop reads the next due time and
      // sleeps, without a second claim that would find nothing.
      await slept;
      assert.equal(w.counted.claims, 1);
      // Its run ends: the freed slot does not make it claim either (it reads no due time again:
      // the one it read still holds).
      await w.finish(w.runs[0]!);
      assert.equal(w.counted.claims, 1);
      assert.equal(w.counted.nextDue, 1);
      // A new job, announced as the store's watch does: claimed at once.
      await q.add('a', 'noop', null);
      const second = w.started.next();
      w.loop.jobsChanged();
      await second;
      assert.equal(w.counted.claims, 2);
      assert.equal(w.runs.length, 2);
      await w.loop.stop();
    });

    test('a slot freed in a queue that was at its own limit is claimed from', async (t) => {
      const store = await openTestStore(t, kind);
      if (!store) return;
      const q = queueOn(store);
      await q.addBulk([1, 2, 3].map((i) => ({ queue: 'a', name: 'noop', data: i })));
      // Two slots, one of them for `a`: the first claim takes one `a` and finds `b` empty.
      const w = loopOn(store, { queues: ['a', 'b'], perQueue: { a: 1 } });
      w.loop.setWatching(true);
      const first = w.started.next();
      const slept = w.dueRead.next();
      w.loop.start();
      t.after(() => w.loop.stop());
      await first;
      await slept;
      assert.equal(w.counted.claims, 1);
      // `a`'s run ends: `a` may take one more, and it was not found empty: claimed at once.
      const second = w.started.next();
      await w.finish(w.runs[0]!);
      await second;
      assert.equal(w.runs.length, 2);
      assert.equal(w.runs[1]!.queue, 'a');
      await w.loop.stop();
    });
  });
}
