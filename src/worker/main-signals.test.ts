// A worker host stays up on the signals the docs tell operators to send to every process
// (`crew signal USR2 queues:*` for log rotation, HUP, USR1): Node's default exits on USR2 and HUP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { queueOn } from '../queue/producer.js';
import { drained, type TestWorker, workerBench } from './test-support/workers.js';

// Resolves when the worker's stderr holds `text`; rejects if it exits first.
function logged(worker: TestWorker, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!worker.stderr().includes(text)) return;
      worker.child.stderr!.off('data', check);
      resolve();
    };
    worker.child.stderr!.on('data', check);
    void worker.exited.then(({ code, signal }) =>
      reject(new Error(`worker exited (${code ?? signal}) first; stderr:\n${worker.stderr()}`)),
    );
    check();
  });
}

test('USR1, USR2 and HUP are logged and the worker keeps running jobs', async (t) => {
  const bench = (await workerBench(t))!;
  const worker = bench.start();
  await logged(worker, 'worker test:');
  for (const signal of ['SIGUSR2', 'SIGUSR1', 'SIGHUP'] as const) {
    worker.child.kill(signal);
    await logged(worker, `got ${signal}: nothing to reopen (output goes to crew); still running`);
  }
  const file = join(bench.dir, 'runs.log');
  await queueOn(bench.store).add('default', 'record', { file, id: 'after-signals' });
  await drained(bench.store, ['default']);
  assert.deepEqual(
    bench.lines(file).map((line) => line.split(' ')[0]),
    ['after-signals'],
  );
  assert.equal(worker.child.exitCode, null);
  worker.child.kill('SIGTERM');
  assert.deepEqual(await worker.exited, { code: 0, signal: null });
});
