// `log_format: json`, end to end through `crew up`: every line on crew's stdout and stderr is one
// JSON object — crew's own (level, time, msg, and the event with its pool, process, pid and
// reason) and the pools' output (the line as msg, with pool, process and stream) — and no value
// of the environment reaches it; a reload that turns it on applies from its own line.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturesDir, runCrew, startCrew } from '../cli/test-support/run-crew.js';
import { createUpHarness, worker } from '../cli/test-support/up-harness.js';

const { daemons, workspace } = createUpHarness();
const main = new URL('../cli/main.ts', import.meta.url).pathname;
const SECRET = 'json-log-secret-7f3a';

test('log_format: json writes every line of crew and of its pools as one JSON object', async (t) => {
  const { dir, file } = workspace(`log_format: json
http: false
pools:
  printer:
    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(join(fixturesDir, 'print-lines.js'))}, "2"]
    startsecs: 100ms
    env:
      API_TOKEN: ${SECRET}
`);
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), main, '-c', file, 'up'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const out = { stdout: '', stderr: '' };
  let wake = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString();
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString();
    wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Until the process is RUNNING and has printed its lines (events, not a guessed delay).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never RUNNING:\n${out.stderr}`)), 30_000);
    wake = () => {
      // The pool's stderr line arrives on its own pipe, in no fixed order with the others.
      const seen = ['entered RUNNING state', 'to stderr'].every((text) =>
        out.stderr.includes(text),
      );
      if (seen && out.stdout.includes('line 2')) {
        clearTimeout(timer);
        resolve();
      }
    };
    wake();
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0);

  const parseLine = (line: string): Record<string, unknown> => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return assert.fail(`not JSON: ${line}`);
    }
  };
  const parse = (text: string) => text.trim().split('\n').map(parseLine);
  const errLines = parse(out.stderr);
  const outLines = parse(out.stdout);
  for (const entry of [...errLines, ...outLines]) {
    assert.match(String(entry.level), /^(info|warn|error)$/);
    assert.equal(typeof entry.time, 'number');
    assert.equal(typeof entry.msg, 'string');
  }
  const running = errLines.find((e) => e.event === 'process:state' && e.reason === 'RUNNING');
  assert.deepEqual(
    { ...running, time: 0, pid: 0 },
    {
      level: 'info',
      time: 0,
      msg: 'success: printer_00 entered RUNNING state',
      event: 'process:state',
      pool: 'printer',
      process: 'printer_00',
      pid: 0,
      reason: 'RUNNING',
    },
  );
  const stopped = errLines.find((e) => e.event === 'process:exit');
  assert.equal(stopped?.reason, 'stopped');
  assert.ok(
    errLines.some((e) => String(e.msg).startsWith('up: 1 pools')),
    'up.ts lines too',
  );
  assert.ok(errLines.some((e) => e.msg === 'shutdown: everything stopped'));
  // The pool's own output: its line, which process and which stream.
  assert.deepEqual(
    outLines.filter((e) => e.pool === 'printer').map((e) => [e.msg, e.process, e.stream]),
    [
      ['line 1', 'printer_00', 'stdout'],
      ['line 2', 'printer_00', 'stdout'],
    ],
  );
  assert.ok(errLines.some((e) => e.msg === 'to stderr' && e.stream === 'stderr'));
  assert.equal(`${out.stdout}${out.stderr}`.includes(SECRET), false, 'no env value in a line');
});

test('a reload that changes log_format says so, and applies from that line on', async () => {
  const yaml = (format: string) =>
    `log_format: ${format}\nhttp: false\npools:\n  idle:\n    command: ${worker('forever.js')}\n    startsecs: 100ms\n`;
  const { dir, file } = workspace(yaml('text'));
  const daemon = startCrew(file, dir);
  daemons.push(daemon);
  await daemon.waitForLog('crew | success: idle_00 entered RUNNING state');
  writeFileSync(file, yaml('json'));
  const reload = await runCrew(['-c', file, 'reload'], dir);
  assert.equal(reload.code, 0, reload.stderr);
  await daemon.waitForLog('"msg":"config: applied version 2: log_format: text → json"');
  daemon.child.kill('SIGTERM');
  assert.equal(await daemon.exited, 0);
  const lines = daemon.log().trim().split('\n');
  const switched = lines.findIndex((line) => line.includes('"event":"config:apply"'));
  assert.ok(
    lines.slice(0, switched).every((line) => /^(crew|idle_00) \| /.test(line)),
    'text before',
  );
  const after = lines.slice(switched).map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(after[0], {
    level: 'info',
    time: after[0]!.time,
    msg: 'config: applied version 2: log_format: text → json',
    event: 'config:apply',
  });
  assert.ok(after.some((entry) => entry.msg === 'shutdown: everything stopped'));
});
