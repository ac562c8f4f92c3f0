// A finished job whose delete fails is deleted later, and held (its lease renewed) meanwhile:
// before, the failure was logged and the job ran again once its lease lapsed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../queue/sqlite/store.js';
import type { HeldJob, JobStore } from '../queue/store.js';
import { createCompletions } from './completions.js';
import { createLeases } from './leases.js';

test('a failed delete is retried and its job held until it succeeds', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-completions-'));
  const real = openSqliteStore(join(dir, 'crew.db'));
  t.after(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await real.migrate();
  await real.add([{ queue: 'q', payload: '{"job":"x"}', availableAtSec: 0 }], Date.now());
  const [job] = await real.claim([{ queue: 'q', limit: 1 }], 1, 60_000, Date.now());
  // The store refuses the first two deletes (a server restarting), then answers.
  let refusals = 2;
  const deleted: Array<() => void> = [];
  const store: JobStore = {
    ...real,
    async complete(jobs: readonly HeldJob[]) {
      if (refusals-- > 0) throw new Error('connection terminated');
      const n = await real.complete(jobs);
      for (const wake of deleted) wake();
      return n;
    },
  };
  const logged: string[] = [];
  const completions = createCompletions(store, (line) => logged.push(line));
  const gone = new Promise<void>((resolve) => deleted.push(resolve));
  // The retry timer does not hold a process open (a worker has its claim loop for that).
  const keepAlive = setInterval(() => {}, 1000);
  t.after(() => clearInterval(keepAlive));
  await completions.add(job!);
  assert.deepEqual(
    completions.pending().map((j) => j.id),
    [job!.id],
  );
  // Held meanwhile: lease renewal includes it.
  const renewed: number[] = [];
  const leases = createLeases({
    store: {
      ...real,
      renew: async (jobs, ms, now) => {
        renewed.push(...jobs.map((j) => j.id));
        return real.renew(jobs, ms, now);
      },
    },
    leaseMs: 60_000,
    now: Date.now,
    log: () => {},
    runs: () => [],
    finished: () => completions.pending(),
  });
  await leases.renew();
  assert.deepEqual(renewed, [job!.id]);
  await gone;
  await completions.flush();
  completions.stop();
  assert.deepEqual(completions.pending(), []);
  const snap = await real.snapshot(['q'], Date.now(), null);
  assert.equal(snap.queues[0]!.reserved + snap.queues[0]!.ready, 0);
  assert.match(logged[0]!, /could not delete 1 finished job\(s\) \(1 in a row, trying again\)/);
});

// The CI run that found this: a finished job taken by a slow claim was in no renewal, its lease
// lapsed, and another worker ran it again.
test('finished jobs riding a claim stay held until it settles, and queued again if it fails', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'crew-completions-'));
  const store = openSqliteStore(join(dir, 'crew.db'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await store.migrate();
  await store.add([{ queue: 'q', payload: '{"job":"x"}', availableAtSec: 0 }], Date.now());
  const [job] = await store.claim([{ queue: 'q', limit: 1 }], 1, 60_000, Date.now());
  const completions = createCompletions(store, () => {});
  t.after(() => completions.stop());
  const deleted = completions.add(job!);
  let carried: number[] = [];
  let heldMeanwhile: number[] = [];
  await assert.rejects(
    completions.ride(async (finished) => {
      carried = finished.map((j) => j.id);
      heldMeanwhile = completions.pending().map((j) => j.id);
      throw new Error('connection terminated');
    }),
    /connection terminated/,
  );
  assert.deepEqual(carried, [job!.id], 'the claim carries the finished job');
  assert.deepEqual(heldMeanwhile, [job!.id], 'held while the claim is under way');
  assert.deepEqual(
    completions.pending().map((j) => j.id),
    [job!.id],
    'queued again after the claim failed',
  );
  await deleted;
  await completions.flush();
  assert.deepEqual(completions.pending(), []);
  const snap = await store.snapshot(['q'], Date.now(), null);
  assert.equal(snap.queues[0]!.reserved, 0, 'deleted by the batch in the end');
  // A claim that succeeds settles its riders: nothing is left pending.
  assert.deepEqual(await completions.ride(async (finished) => finished.length), 0);
});
