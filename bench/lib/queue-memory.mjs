// crew's memory rows: 17 jobs running at once in one worker host with 17 slots, against 17 hosts
// with one slot each (the PHP way: a process per job at a time). PSS of each set, read while
// both sets are alive, so shared pages are split among all 18 processes in both figures.
import { readMemoryBytes } from './proc.mjs';
import { sleep, waitFor } from './run.mjs';

const JOBS = 17;

export async function measureCrewMemory(crew, children) {
  const env = { BENCH_OUT: '/dev/null' };
  const pss = (workers) => workers.reduce((sum, w) => sum + readMemoryBytes(w.pid).pssBytes, 0);
  const held = (queue, count) =>
    waitFor(`${count} jobs held on ${queue}`, async () => (await crew.reserved(queue)) === count, {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
  await crew.addHeld('mem-one', JOBS);
  const one = crew.startWorker({ queue: 'mem-one', concurrency: JOBS, env });
  await held('mem-one', JOBS);
  await sleep(2000);
  const oneAlone = pss([one]);
  await crew.addHeld('mem-many', JOBS);
  const many = Array.from({ length: JOBS }, () =>
    crew.startWorker({ queue: 'mem-many', concurrency: 1, env }),
  );
  await held('mem-many', JOBS);
  await sleep(2000);
  const manyPss = pss(many);
  const oneAgain = pss([one]);
  for (const worker of [one, ...many]) await children.stop(worker);
  return {
    jobs: JOBS,
    one_process_pss_bytes: (oneAlone + oneAgain) / 2,
    processes_pss_bytes: manyPss,
  };
}
