import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrew, startCrew } from './test-support/run-crew.js';
import { createUpHarness, worker } from './test-support/up-harness.js';
import { runLive, type Terminal } from './top.js';

const { daemons, workspace } = createUpHarness();

// A terminal that records what is written and lets the test press keys.
function fakeTerminal() {
  let written = '';
  let press: (key: string) => void = () => {};
  const raw: boolean[] = [];
  const frames: (() => void)[] = [];
  const terminal: Terminal = {
    write: (text) => {
      written += text;
      for (const wake of frames.splice(0)) wake();
    },
    size: () => ({ columns: 30, rows: 10 }),
    onKey(fn) {
      press = fn;
      return () => {
        press = () => {};
      };
    },
    onResize: () => () => {},
    setRaw: (on) => raw.push(on),
  };
  const nextWrite = () => new Promise<void>((resolve) => frames.push(resolve));
  return { terminal, written: () => written, press: (key: string) => press(key), raw, nextWrite };
}

describe('crew top, live', () => {
  for (const key of ['q', '\x03']) {
    it(`draws on the alternate screen and restores the terminal on ${JSON.stringify(key)}`, async () => {
      const fake = fakeTerminal();
      const drawn = fake.nextWrite().then(() => fake.nextWrite());
      const running = runLive(
        async () => ['frame one', 'a line far too long to fit'],
        fake.terminal,
      );
      await drawn;
      fake.press('x');
      fake.press(key);
      await running;
      const text = fake.written();
      assert.ok(text.startsWith('\x1b[?1049h\x1b[?25l'), 'alternate screen, cursor hidden');
      assert.ok(text.includes('\x1b[Hframe one\x1b[K\na line far too long to fit\x1b[K\x1b[J'));
      assert.ok(text.endsWith('\x1b[?25h\x1b[?1049l'), 'cursor shown, screen restored');
      assert.deepEqual(fake.raw, [true, false]);
    });
  }

  it('shows why a frame failed and keeps going', async () => {
    const fake = fakeTerminal();
    const drawn = fake.nextWrite().then(() => fake.nextWrite());
    const running = runLive(async () => {
      throw new Error('no crew daemon answers');
    }, fake.terminal);
    await drawn;
    fake.press('q');
    await running;
    assert.match(fake.written(), /crew top: no crew daemon answers/);
  });
});

describe('crew top --once', () => {
  it('prints one frame of a running crew (also without --once when output is a pipe)', async () => {
    const { dir, file } = workspace(
      `http: false\npools:\n  payments:\n    command: ${worker('forever.js')}\n    processes: 2\n    startsecs: 100ms\n`,
    );
    const daemon = startCrew(file, dir);
    daemons.push(daemon);
    await daemon.waitForLog(
      /payments_00 entered RUNNING[\s\S]*payments_01 entered RUNNING|payments_01 entered RUNNING[\s\S]*payments_00 entered RUNNING/,
    );
    assert.doesNotMatch(daemon.log(), /http: listening/, 'http: false serves nothing');
    for (const args of [['top', '--once'], ['top']]) {
      const run = await runCrew(['-c', file, ...args], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^crew top {2}\d\d:\d\d:\d\d UTC/);
      assert.match(run.stdout, /^payments +2\/2 /m);
      assert.match(
        run.stdout,
        /^payments:payments_00 +RUNNING +\d+ +0:00:\d\d +[█░]{10} +[\d.]+ MiB$/m,
      );
      assert.match(run.stdout, /^payments:payments_01 +RUNNING/m);
      assert.ok(!run.stdout.includes('\x1b'), 'no escape codes in a pipe');
    }
    daemon.child.kill('SIGTERM');
    assert.equal(await daemon.exited, 0);
  });
});
