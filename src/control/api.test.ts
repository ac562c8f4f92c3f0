import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSupervisor } from '../supervise/supervisor.js';
import {
  captureOutput,
  fixture,
  removeDir,
  testConfig,
  testPool,
  until,
} from '../supervise/test-support/fixtures.js';
import { createTestApi } from './test-support/test-api.js';

const config = testConfig([
  testPool('printer', fixture('print-lines.js', 2)),
  testPool('rotator', fixture('signal-log.js'), { processes: 2 }),
]);
const supervisor = createSupervisor({ config, outputTargets: captureOutput() });
const { call } = createTestApi(supervisor, {
  memoryOf: async (pids) => new Map(pids.map((pid) => [pid, { rssBytes: 1, pssBytes: 2 }])),
});

after(async () => {
  await supervisor.shutdown();
  removeDir(config.runDir);
});

test('status reports every process as JSON with memory, and start waits for RUNNING', async () => {
  const started = await call('start', { selector: 'all' });
  assert.deepEqual(
    started.processes.map((p) => p.result),
    ['started', 'started', 'started'],
  );
  const status = await call('status', {});
  assert.deepEqual(
    status.processes.map((p) => [p.name, p.state, p.pss_bytes]),
    [
      ['printer_00', 'RUNNING', 2],
      ['rotator_00', 'RUNNING', 2],
      ['rotator_01', 'RUNNING', 2],
    ],
  );
  const again = await call('start', { selector: 'printer_00' });
  assert.equal(again.processes[0]!.result, 'ERROR (already started)');
});

test('tail returns the end of the output, and follow streams new output until the client leaves', async () => {
  await until(
    () => supervisor.select('printer_00')[0]!.output.tails.stdout.read().includes('line 2'),
    'output',
  );
  const tail = await call('tail', { name: 'printer_00', bytes: 7 });
  assert.equal(tail.text, 'line 2\n');

  await until(
    () => supervisor.select('rotator_00')[0]!.output.tails.stdout.read().includes('ready'),
    'ready',
  );
  const chunks: string[] = [];
  let close = () => {};
  const following = call(
    'tail',
    { name: 'rotator_00', follow: true },
    { data: (data) => chunks.push(data.text), onClose: (fn) => (close = fn) },
  );
  await call('signal', { signal: 'usr1', selector: 'rotator_00' });
  await until(() => chunks.join('').includes('got SIGUSR1'), 'the followed line');
  close();
  await following;
  assert.equal(supervisor.select('rotator_00')[0]!.output.followers.size, 0);
});

test('bad requests are coded errors', async () => {
  await assert.rejects(call('signal', { signal: 'BOGUS', selector: 'all' }), {
    code: 'CREW_BAD_SIGNAL',
  });
  await assert.rejects(call('stop', { selector: 'nope:*' }), {
    code: 'CREW_PROCESS_NOT_FOUND',
  });
  await assert.rejects(call('scale', { pool: 'printer', count: -1 }), { code: 'CREW_USAGE' });
  // `crew scale good=1000` once forked 1,001 processes: the pool limit of crew.yaml applies.
  await assert.rejects(call('scale', { pool: 'printer', count: 1001 }), {
    code: 'CREW_USAGE',
    message: "count must be at most 1000 (crew.yaml's limit for a pool)",
  });
  await assert.rejects(call('scale', { pool: 'ghost', count: 1 }), {
    code: 'CREW_POOL_NOT_FOUND',
  });
});
