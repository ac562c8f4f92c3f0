// prefetch: a worker holds jobs claimed ahead of its free slots and starts them without a round
// trip; each still runs exactly once, one at a time at concurrency 1; held jobs count as
// reserved; a drain puts them back without spending their try (SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { queueOn } from '../queue/producer.js';
import { drained, workerBench } from './test-support/workers.js';

const T = () => Date.now();

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`prefetch on ${kind}`, () => {
    test('every job once, one at a time; the held ones reserved', async (t) => {
      const bench = await workerBench(t, kind);
      if (!bench) return;
      const file = join(bench.dir, 'runs.log');
      const q = queueOn(bench.store);
      // The first job holds its slot until the test has looked at the store.
      await q.add('default', 'slow', { file, ms: 1500, id: 'first' });
      await q.addBulk(
        Array.from({ length: 60 }, (_, i) => ({
          queue: 'default',
          name: 'record',
          data: { file, id: i },
        })),
      );
      const worker = bench.start({ concurrency: 1, prefetch: 20 });
      await worker.message((m) => m.type === 'report' && m.running === 1);
      const held = await bench.store.snapshot(['default'], T(), null);
      // One running, twenty held ahead: reserved; the rest ready for other workers.
      assert.equal(held.queues[0]!.reserved, 21);
      assert.equal(held.queues[0]!.ready, 40);
      await drained(bench.store, ['default']);
      const ids = bench.lines(file).map((line) => line.split(' ')[0]);
      assert.equal(ids.length, 61);
      assert.equal(new Set(ids).size, 61);
      assert.equal(ids[0], 'first');
    });

    test('a drain puts the held jobs back, their try given back', async (t) => {
      const bench = await workerBench(t, kind);
      if (!bench) return;
      const file = join(bench.dir, 'runs.log');
      const q = queueOn(bench.store);
      await q.add('default', 'slow', { file, ms: 1000, id: 'running' });
      await q.addBulk(
        Array.from({ length: 5 }, (_, i) => ({
          queue: 'default',
          name: 'record',
          data: { file, id: i },
        })),
      );
      const worker = bench.start({ concurrency: 1, prefetch: 10 });
      await worker.message((m) => m.type === 'report' && m.running === 1);
      worker.child.kill('SIGTERM');
      assert.deepEqual(await worker.exited, { code: 0, signal: null });
      // The running job finished; the five held were not started and are ready again.
      assert.deepEqual(
        bench.lines(file).map((l) => l.split(' ')[0]),
        ['running'],
      );
      const snap = await bench.store.snapshot(['default'], T(), null);
      assert.equal(snap.queues[0]!.ready, 5);
      assert.equal(snap.queues[0]!.reserved, 0);
      const again = await bench.store.claim([{ queue: 'default', limit: 5 }], 5, 60_000, T());
      assert.deepEqual(
        again.map((job) => job.attempts),
        [1, 1, 1, 1, 1],
      );
    });
  });
}
