// The behaviour every JobStore must have, run against SQLite and PostgreSQL alike. `open` gives
// a fresh, empty, migrated store per test and a way to open a second handle on the same data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availableAtSec, encodePayload } from '../payload.js';
import type { JobStore, NewJobRow } from '../store.js';

export interface StoreFixture {
  readonly store: JobStore;
  // Another handle on the same data, as another process would open it.
  another(options?: { holder?: string }): Promise<JobStore>;
  dispose(): Promise<void>;
}

type Open = (t: import('node:test').TestContext) => Promise<StoreFixture | null>;

const T0 = 1_800_000_000_000;
const row = (queue: string, name = 'noop', delayMs = 0, now = T0): NewJobRow => ({
  queue,
  payload: encodePayload(name, { n: 1 }, { delayMs }, now),
  availableAtSec: availableAtSec(now, delayMs),
});

export function storeContract(label: string, open: Open): void {
  const withStore = (name: string, body: (f: StoreFixture) => Promise<void>) =>
    test(`${label}: ${name}`, async (t) => {
      const fixture = await open(t);
      if (!fixture) return;
      try {
        await body(fixture);
      } finally {
        await fixture.dispose();
      }
    });

  withStore('migrations are idempotent and can run concurrently', async ({ store, another }) => {
    const others = await Promise.all([another(), another(), another()]);
    try {
      await Promise.all([store.migrate(), ...others.map((s) => s.migrate())]);
      await store.migrate();
      const [id] = await others[0]!.add([row('default')], T0);
      assert.equal(typeof id, 'number');
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  withStore('claims in id order, queue priority first, up to each limit', async ({ store }) => {
    await store.add([row('low'), row('high'), row('low'), row('high'), row('high')], T0);
    const claimed = await store.claim(
      [
        { queue: 'high', limit: 2 },
        { queue: 'low', limit: 5 },
      ],
      4,
      30_000,
      T0,
    );
    assert.deepEqual(
      claimed.map((j) => j.queue),
      ['high', 'high', 'low', 'low'],
    );
    assert.ok(claimed[0]!.id < claimed[1]!.id);
    assert.ok(claimed.every((j) => j.attempts === 1));
    const snap = await store.snapshot(['high', 'low', 'none'], T0, null);
    assert.deepEqual(
      snap.queues.map((q) => [q.queue, q.ready, q.reserved, q.delayed]),
      [
        ['high', 1, 2, 0],
        ['low', 0, 2, 0],
        ['none', 0, 0, 0],
      ],
    );
  });

  withStore('a delayed job is never claimed before its delay has passed', async ({ store }) => {
    // Added 0.9 s into a second with a 5 s delay: runnable at +5 s, not at the next whole second.
    const added = T0 + 900;
    await store.add([row('default', 'later', 5000, added)], added);
    assert.equal(
      (await store.claim([{ queue: 'default', limit: 1 }], 1, 30_000, added + 4999)).length,
      0,
    );
    const snap = await store.snapshot(['default'], added + 4999, null);
    assert.equal(snap.queues[0]!.delayed, 1);
    assert.equal(
      (await store.claim([{ queue: 'default', limit: 1 }], 1, 30_000, added + 5100)).length,
      1,
    );
  });

  withStore(
    'a lapsed claim is delivered again and its old holder is fenced out',
    async ({ store, another }) => {
      const second = await another();
      try {
        const [id] = await store.add([row('default')], T0);
        const [first] = await store.claim([{ queue: 'default', limit: 1 }], 1, 1000, T0);
        assert.equal(first!.id, id);
        // Still held: nothing to claim.
        assert.equal(
          (await second.claim([{ queue: 'default', limit: 1 }], 1, 1000, T0 + 999)).length,
          0,
        );
        const [again] = await second.claim([{ queue: 'default', limit: 1 }], 1, 30_000, T0 + 1500);
        assert.equal(again!.id, id);
        assert.equal(again!.attempts, 2);
        assert.notEqual(again!.token, first!.token);
        // The first holder can neither complete, release, renew nor fail it.
        assert.equal(await store.complete([first!]), 0);
        assert.equal(await store.release(first!, 0), false);
        assert.deepEqual(await store.renew([first!], 30_000, T0 + 1600), []);
        assert.equal(await store.fail(first!, { uuid: 'u-1', exception: 'x' }, T0), false);
        assert.equal(await second.complete([again!]), 1);
        const snap = await store.snapshot(['default'], T0 + 2000, null);
        assert.deepEqual(snap.queues[0], {
          queue: 'default',
          ready: 0,
          delayed: 0,
          reserved: 0,
          failed: 0,
          oldestWaitMs: null,
        });
      } finally {
        await second.close();
      }
    },
  );

  withStore('renewing a lease keeps a long job from being delivered again', async ({ store }) => {
    await store.add([row('default')], T0);
    const [job] = await store.claim([{ queue: 'default', limit: 1 }], 1, 1000, T0);
    assert.deepEqual(await store.renew([job!], 1000, T0 + 800), [job!.id]);
    assert.equal(
      (await store.claim([{ queue: 'default', limit: 1 }], 1, 1000, T0 + 1500)).length,
      0,
    );
    assert.equal(
      (await store.claim([{ queue: 'default', limit: 1 }], 1, 1000, T0 + 1900)).length,
      1,
    );
  });

  withStore(
    'a claim deletes the jobs its worker finished, fenced, and never hands them out again',
    async ({ store, another }) => {
      await store.add([row('q'), row('q'), row('q')], T0);
      const [a, b] = await store.claim([{ queue: 'q', limit: 2 }], 2, 1000, T0);
      const c = b!.id + 1;
      // Both leases lapse; a was finished (its deletion rides along with the next claim), b not.
      const next = await store.claim([{ queue: 'q', limit: 5 }], 5, 1000, T0 + 1500, [a!]);
      assert.deepEqual(
        next.map((j) => j.id),
        [b!.id, c],
      );
      // b's lease lapses again and another worker takes it: b finished under the old claim is
      // not deleted, whatever queue the claim it rides along with asks for.
      const second = await another();
      try {
        const [taken] = await second.claim([{ queue: 'q', limit: 1 }], 1, 60_000, T0 + 3000);
        assert.equal(taken!.id, b!.id);
        const nextB = next.find((j) => j.id === b!.id)!;
        assert.deepEqual(
          await store.claim([{ queue: 'other', limit: 1 }], 1, 1000, T0 + 3001, [nextB]),
          [],
        );
        assert.equal(await second.complete([taken!]), 1);
      } finally {
        await second.close();
      }
      // Only c is left, its lease lapsed: a never came back.
      const last = await store.claim([{ queue: 'q', limit: 5 }], 5, 1000, T0 + 5000);
      assert.deepEqual(
        last.map((j) => j.id),
        [c],
      );
    },
  );

  withStore('release puts a job back for later with its attempts counted', async ({ store }) => {
    await store.add([row('default')], T0);
    const [job] = await store.claim([{ queue: 'default', limit: 1 }], 1, 30_000, T0);
    assert.equal(await store.release(job!, Math.floor(T0 / 1000) + 10), true);
    assert.equal(
      (await store.claim([{ queue: 'default', limit: 1 }], 1, 30_000, T0 + 9000)).length,
      0,
    );
    const [again] = await store.claim([{ queue: 'default', limit: 1 }], 1, 30_000, T0 + 10_000);
    assert.equal(again!.attempts, 2);
  });

  withStore(
    'fail moves a job to failed_jobs with its payload intact; retry and flush',
    async ({ store }) => {
      const r = row('payments', 'charge');
      await store.add([r, row('payments')], T0);
      const [job] = await store.claim([{ queue: 'payments', limit: 1 }], 1, 30_000, T0);
      assert.equal(
        await store.fail(
          job!,
          { uuid: 'u-charge', exception: 'Error: declined\n    at x' },
          T0 + 5,
        ),
        true,
      );
      const [failed] = await store.failedList({ limit: 10 });
      assert.equal(failed!.payload, r.payload);
      assert.equal(failed!.queue, 'payments');
      assert.equal(failed!.uuid, 'u-charge');
      assert.equal(failed!.connection, 'crew');
      assert.match(failed!.exception, /declined/);
      assert.equal(await store.failedCount(), 1);
      const snap = await store.snapshot(['payments'], T0, null);
      assert.equal(snap.queues[0]!.failed, 1);
      assert.deepEqual(await store.failedRetry([failed!.id], T0 + 10), [failed!.id]);
      assert.equal(await store.failedCount(), 0);
      const again = await store.claim([{ queue: 'payments', limit: 5 }], 5, 30_000, T0 + 10_000);
      assert.equal(again.length, 2);
      const retried = again.find((j) => j.payload === r.payload);
      assert.equal(retried?.attempts, 1);
      for (const j of again) await store.fail(j, { uuid: `u-${j.id}`, exception: 'e' }, T0);
      assert.deepEqual(await store.failedRetry([999_999], T0), []);
      assert.equal(await store.failedFlush(), 2);
    },
  );

  withStore('snapshot counts arrivals since the cursor and the oldest wait', async ({ store }) => {
    await store.add([row('a'), row('b')], T0);
    const first = await store.snapshot(['a', 'b'], T0 + 3000, null);
    assert.deepEqual(first.arrivals, { a: 0, b: 0 });
    assert.equal(first.queues[0]!.oldestWaitMs, 3000);
    await store.add([row('a', 'x', 0, T0 + 4000), row('a', 'x', 0, T0 + 4000)], T0 + 4000);
    const second = await store.snapshot(['a', 'b'], T0 + 5000, first.cursor);
    assert.deepEqual(second.arrivals, { a: 2, b: 0 });
    assert.ok((second.cursor ?? 0) > (first.cursor ?? 0));
  });

  withStore(
    "a dead holder's jobs go back without spending a try, then fail past max_stalls",
    async ({ store, another }) => {
      const worker = await another({ holder: 'w1' });
      const neighbour = await another({ holder: 'w10' });
      try {
        await store.add([row('q'), row('q'), row('q')], T0);
        const mine = await worker.claim([{ queue: 'q', limit: 2 }], 2, 60_000, T0);
        const theirs = await neighbour.claim([{ queue: 'q', limit: 1 }], 1, 60_000, T0);
        assert.ok(mine.every((j) => j.token.startsWith('w1.') && j.attempts === 1));
        const stall = { maxStalls: 1, reason: 'w1, pid 7, SIGKILL', now: T0 + 1 };
        const first = await store.releaseHolder('w1', stall);
        assert.deepEqual(
          first.released.map((j) => [j.id, j.stalls]).sort(),
          mine.map((j) => [j.id, 1]).sort(),
        );
        assert.deepEqual(first.failed, []);
        // Idempotent, and the neighbour whose holder shares the prefix "w1" keeps its claim.
        assert.deepEqual(await store.releaseHolder('w1', stall), { released: [], failed: [] });
        assert.equal(await neighbour.complete(theirs), 1);
        // Back at once (no lease to wait for), with the try given back; the old claim is fenced.
        const again = await worker.claim([{ queue: 'q', limit: 5 }], 5, 60_000, T0 + 2);
        assert.deepEqual(
          again.map((j) => j.attempts),
          [1, 1],
        );
        assert.equal(await worker.complete(mine), 0);
        // A second death: past max_stalls 1, to failed_jobs with the reason.
        const second = await store.releaseHolder('w1', { ...stall, reason: 'w1, pid 8, SIGSEGV' });
        assert.deepEqual(second.released, []);
        assert.deepEqual(
          second.failed.map((j) => j.stalls),
          [2, 2],
        );
        const failed = await store.failedList({ limit: 10 });
        assert.equal(failed.length, 2);
        assert.match(
          failed[0]!.exception,
          /died while running it 2 time\(s\) \(max_stalls 1\).*SIGSEGV/,
        );
        const snap = await store.snapshot(['q'], T0 + 3, null);
        assert.deepEqual([snap.queues[0]!.ready, snap.queues[0]!.reserved], [0, 0]);
      } finally {
        await worker.close();
        await neighbour.close();
      }
    },
  );

  withStore('two jobs sharing a uuid both reach failed_jobs', async ({ store }) => {
    const payload = encodePayload('dup', {}, {}, T0);
    await store.add(
      [
        { queue: 'q', payload, availableAtSec: availableAtSec(T0, 0) },
        { queue: 'q', payload, availableAtSec: availableAtSec(T0, 0) },
      ],
      T0,
    );
    const jobs = await store.claim([{ queue: 'q', limit: 2 }], 2, 60_000, T0);
    const uuid = JSON.parse(payload).uuid as string;
    for (const job of jobs) assert.equal(await store.fail(job, { uuid, exception: 'e' }, T0), true);
    const failed = await store.failedList({ limit: 10 });
    assert.equal(failed.length, 2);
    assert.equal(new Set(failed.map((f) => f.uuid)).size, 2);
    assert.equal((await store.snapshot(['q'], T0, null)).queues[0]!.reserved, 0);
  });

  withStore(
    'tells when a job next falls due: a delayed job, a lapsing lease',
    async ({ store }) => {
      assert.equal(await store.nextDue(['q'], T0), null);
      await store.add([row('q', 'noop', 5000)], T0);
      const due = availableAtSec(T0, 5000) * 1000;
      assert.equal(await store.nextDue(['q'], T0), due);
      assert.equal(await store.nextDue(['other'], T0), null);
      await store.add([row('h')], T0);
      await store.claim([{ queue: 'h', limit: 1 }], 1, 2000, T0);
      assert.equal(await store.nextDue(['h'], T0), T0 + 2000);
      assert.equal(await store.nextDue(['h', 'q'], T0), T0 + 2000);
      // Nothing claimable before its time; the job, once due.
      assert.deepEqual(await store.claim([{ queue: 'q', limit: 1 }], 1, 2000, due - 1), []);
      assert.equal((await store.claim([{ queue: 'q', limit: 1 }], 1, 2000, due)).length, 1);
    },
  );

  withStore('a watch hears what another handle makes claimable', async ({ store, another }) => {
    const producer = await another({ holder: 'p1' });
    const heard: (string | null)[] = [];
    let hear: (() => void) | null = null;
    const next = () =>
      new Promise<void>((resolve) => {
        hear = resolve;
      });
    const logs: string[] = [];
    // A watch does not keep a process alive (a draining worker must be able to exit); this test
    // has nothing else pending while it waits.
    const alive = setInterval(() => {}, 1000);
    const watch = await store.watch(
      (queue) => {
        heard.push(queue);
        hear?.();
      },
      (line) => logs.push(line),
    );
    try {
      assert.notEqual(watch.how, 'polling', logs.join('\n'));
      // Added, put back after its holder died, retried from failed_jobs: each wakes the watch.
      let woke = next();
      await producer.add([row('q', 'noop', 0, Date.now())], Date.now());
      await woke;
      await producer.claim([{ queue: 'q', limit: 1 }], 1, 60_000, Date.now());
      woke = next();
      const stalled = await producer.releaseHolder('p1', {
        maxStalls: 1,
        reason: 'test',
        now: Date.now(),
      });
      await woke;
      assert.equal(stalled.released.length, 1);
      const [job] = await producer.claim([{ queue: 'q', limit: 1 }], 1, 60_000, Date.now());
      assert.ok(await producer.fail(job!, { uuid: 'u-watch', exception: 'e' }, Date.now()));
      woke = next();
      await producer.failedRetry('all', Date.now());
      await woke;
      // PostgreSQL names the queue; the SQLite file says only that something was written.
      assert.ok(
        heard.every((queue) => queue === null || queue === 'q'),
        String(heard),
      );
      if (store.kind === 'postgres') assert.ok(heard.includes('q'));
    } finally {
      clearInterval(alive);
      await watch.close();
      await producer.close();
    }
  });
}
