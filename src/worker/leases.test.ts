import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClaimedJob, JobStore } from '../queue/store.js';
import { createLeases } from './leases.js';
import type { Run } from './run-job.js';
import type { RunEvent } from './run-state.js';

const job = (id: number): ClaimedJob => ({ id, queue: 'q' }) as unknown as ClaimedJob;

function run(id: number, fed: string[]): Run {
  return {
    job: job(id),
    startedAt: 0,
    hardDeadline: Number.POSITIVE_INFINITY,
    life: { state: 'running', leaseLost: false },
    async feed(event: RunEvent) {
      fed.push(`${id} ${event.type}`);
    },
  };
}

test('renewal judges only the runs it renewed: a job claimed meanwhile is not lost', async () => {
  const fed: string[] = [];
  const runs = new Set([run(1, fed), run(2, fed)]);
  let answer: (ids: number[]) => void = () => {};
  const asked: number[][] = [];
  const store = {
    renew: (jobs: readonly ClaimedJob[]) => {
      asked.push(jobs.map((j) => j.id));
      return new Promise<number[]>((resolve) => {
        answer = resolve;
      });
    },
  } as unknown as JobStore;
  const logged: string[] = [];
  const leases = createLeases({
    store,
    leaseMs: 60_000,
    now: () => 0,
    log: (line) => logged.push(line),
    runs: () => runs,
    finished: () => [],
  });
  const renewing = leases.renew();
  // Claimed while the renewal statement runs (PostgreSQL answers asynchronously).
  runs.add(run(3, fed));
  // Job 2's lease went to another worker; job 3 was never asked about.
  answer([1]);
  await renewing;
  assert.deepEqual(asked, [[1, 2]]);
  assert.deepEqual(fed, ['2 lease-lost']);
  assert.equal(logged.length, 1);
  assert.match(logged[0]!, /^job 2 \(q\): lease lost/);
});

test('jobs held ahead are renewed with the runs; one whose lease lapsed is dropped', async () => {
  const asked: number[][] = [];
  const store = {
    renew: async (jobs: readonly ClaimedJob[]) => {
      asked.push(jobs.map((j) => j.id));
      // Job 11 went to another worker.
      return jobs.map((j) => j.id).filter((id) => id !== 11);
    },
  } as unknown as JobStore;
  const dropped: number[][] = [];
  const leases = createLeases({
    store,
    leaseMs: 60_000,
    now: () => 0,
    log: () => {},
    runs: () => [run(1, [])],
    finished: () => [],
    ahead: () => [job(10), job(11)],
    aheadLost: (ids) => dropped.push([...ids]),
  });
  await leases.renew();
  assert.deepEqual(asked, [[1, 10, 11]]);
  assert.deepEqual(dropped, [[11]]);
});
