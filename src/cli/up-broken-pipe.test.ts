// crew's own output failing must never keep it from stopping its children: `crew up 2>&1 | tee`,
// then Ctrl-C, kills tee first and leaves crew writing into a closed pipe.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { isAlive } from '../supervise/test-support/fixtures.js';
import { createUpHarness, statusJson, worker } from './test-support/up-harness.js';

const { workspace } = createUpHarness();
const main = new URL('./main.ts', import.meta.url).pathname;

test('with its stdout and stderr closed, crew keeps running and stops everything on SIGINT', async () => {
  const { dir, file } = workspace(`http: false
pools:
  chatty:
    command: ${worker('chatty.js')}
    processes: 2
    startsecs: 0
`);
  const crew = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), main, '-c', file, 'up'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    crew.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // Up once both children's lines come through.
  await new Promise<void>((resolve) => {
    let seen = '';
    crew.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('chatty_00 | chatty line') && seen.includes('chatty_01 | chatty line'))
        resolve();
    });
  });
  const pids = (await statusJson(file, dir)).processes.map((p) => p.pid);
  // The reader goes away (tee died): every write of crew's from now on fails with EPIPE.
  crew.stdout!.destroy();
  crew.stderr!.destroy();
  // Still supervising: its control socket answers after its writes started failing.
  const status = await statusJson(file, dir);
  assert.deepEqual(
    status.processes.map((p) => p.state),
    ['RUNNING', 'RUNNING'],
  );
  crew.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} outlived crew`);
});
