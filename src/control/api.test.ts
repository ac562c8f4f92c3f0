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
import { createApi, type StreamSink } from './api.js';

const config = testConfig([
  testPool('printer', fixture('print-lines.js', 2)),
  testPool('rotator', fixture('signal-log.js'), { processes: 2 }),
]);
const supervisor = createSupervisor({ config, outputTargets: captureOutput() });
const api = createApi({
  supervisor,
  now: Date.now,
  memoryOf: async (pids) => new Map(pids.map((pid) => [pid, { rssBytes: 1, pssBytes: 2 }])),
  stats: async () => ({}),
  reload: async () => ({ version: null, changes: [] }),
  history: () => [],
  rollback: async () => ({ version: null, changes: [] }),
  shutdown: () => {},
});
const noSink: StreamSink = { data: () => {}, onClose: () => {} };

after(async () => {
  await supervisor.shutdown();
  removeDir(config.runDir);
});

test('status reports every process as JSON with memory, and start waits for RUNNING', async () => {
  const started = (await api.start!({ selector: 'all' }, noSink)) as {
    processes: { result: string }[];
  };
  assert.deepEqual(
    started.processes.map((p) => p.result),
    ['started', 'started', 'started'],
  );
  const status = (await api.status!({}, noSink)) as {
    processes: { name: string; state: string; pss_bytes: number; uptime_s: number }[];
  };
  assert.deepEqual(
    status.processes.map((p) => [p.name, p.state, p.pss_bytes]),
    [
      ['printer_00', 'RUNNING', 2],
      ['rotator_00', 'RUNNING', 2],
      ['rotator_01', 'RUNNING', 2],
    ],
  );
  const again = (await api.start!({ selector: 'printer_00' }, noSink)) as {
    processes: { result: string }[];
  };
  assert.equal(again.processes[0]!.result, 'ERROR (already started)');
});

test('tail returns the end of the output, and follow streams new output until the client leaves', async () => {
  await until(
    () => supervisor.select('printer_00')[0]!.output.tails.stdout.read().includes('line 2'),
    'output',
  );
  const tail = (await api.tail!({ name: 'printer_00', bytes: 7 }, noSink)) as { text: string };
  assert.equal(tail.text, 'line 2\n');

  await until(
    () => supervisor.select('rotator_00')[0]!.output.tails.stdout.read().includes('ready'),
    'ready',
  );
  const chunks: string[] = [];
  let close = () => {};
  const following = api.tail!(
    { name: 'rotator_00', follow: true },
    { data: (data) => chunks.push((data as { text: string }).text), onClose: (fn) => (close = fn) },
  );
  await api.signal!({ signal: 'usr1', selector: 'rotator_00' }, noSink);
  await until(() => chunks.join('').includes('got SIGUSR1'), 'the followed line');
  close();
  await following;
  assert.equal(supervisor.select('rotator_00')[0]!.output.followers.size, 0);
});

test('bad requests are coded errors', async () => {
  await assert.rejects(api.signal!({ signal: 'BOGUS', selector: 'all' }, noSink), {
    code: 'CREW_BAD_SIGNAL',
  });
  await assert.rejects(api.stop!({ selector: 'nope:*' }, noSink), {
    code: 'CREW_PROCESS_NOT_FOUND',
  });
  await assert.rejects(api.scale!({ pool: 'printer', count: -1 }, noSink), { code: 'CREW_USAGE' });
  await assert.rejects(api.scale!({ pool: 'ghost', count: 1 }, noSink), {
    code: 'CREW_POOL_NOT_FOUND',
  });
});
