// 10,000 jobs (20 ms each) over three worker processes × 16 slots, one SIGKILLed on the way: none is
// lost, and the only jobs run twice are ones the killed process had started.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { queueOn } from '../queue/producer.js';
import { drained, workerBench } from './test-support/workers.js';

const JOBS = 10_000;

async function manyJobs(t: TestContext, kind: 'sqlite' | 'postgres') {
  const bench = await workerBench(t, kind);
  if (!bench) return;
  const file = join(bench.dir, 'runs.log');
  const q = queueOn(bench.store);
  for (let start = 0; start < JOBS; start += 1000) {
    await q.addBulk(
      Array.from({ length: 1000 }, (_, i) => ({
        queue: 'default',
        name: 'slow',
        data: { file, id: start + i, ms: 20 },
      })),
    );
  }
  // Re-deliveries after the crash are further attempts. The victim's jobs come back once their
  // 3 s leases lapse; a live worker renews every second, so only a stall of 2 s would lose one.
  const options = { concurrency: 16, leaseMs: 3000, tries: 5 };
  // The victim starts first and is killed once it has finished a hundred jobs, with its 16 slots
  // busy; the two others start as it dies.
  const victim = bench.start(options);
  await victim.message((m) => m.type === 'report' && (m.queues.default?.started ?? 0) > 0);
  const victimRuns = () =>
    bench.lines(file).filter((l) => l.split(' ')[3] === String(victim.child.pid));
  while (victimRuns().length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
  const survivors = [bench.start(options), bench.start(options)];
  victim.child.kill('SIGKILL');
  await victim.exited;
  await drained(bench.store, ['default'], 120_000);

  const runsById = new Map<number, number[]>();
  for (const line of bench.lines(file)) {
    const [id, , , pid] = line.split(' ');
    runsById.set(Number(id), [...(runsById.get(Number(id)) ?? []), Number(pid)]);
  }
  assert.equal(runsById.size, JOBS, 'every job ran');
  assert.ok(victimRuns().length < JOBS / 2, 'the victim died halfway');
  for (const [id, pids] of runsById) {
    if (pids.length > 1) {
      assert.ok(
        pids.slice(0, -1).every((pid) => pid === victim.child.pid),
        `job ${id} ran twice outside a crash: ${pids.join(', ')}; the survivors said:\n${survivors.map((w) => w.stderr()).join('\n')}`,
      );
    }
  }
  assert.equal(await bench.store.failedCount(), 0);
}

test('10,000 jobs on SQLite: none lost, none run twice but after a crash', (t) =>
  manyJobs(t, 'sqlite'));
test('10,000 jobs on PostgreSQL: none lost, none run twice but after a crash', (t) =>
  manyJobs(t, 'postgres'));
