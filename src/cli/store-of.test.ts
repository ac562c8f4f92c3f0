// A damaged store file or a full disk under it: `crew queues`, `crew enqueue` and `crew failed`
// say in one line what is wrong with which file, exit 5, and never print a stack trace.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqlite } from '../queue/sqlite/open.js';
import { damages, seedStore } from '../queue/sqlite/test-support/damage.js';
import { mountSmallDisk } from '../queue/sqlite/test-support/small-disk.js';
import { handlersPath } from '../worker/test-support/workers.js';
import { runCrew } from './test-support/run-crew.js';
import { createUpHarness } from './test-support/up-harness.js';

const { workspace: workspaceOf } = createUpHarness();

const workspace = () =>
  workspaceOf(`store: sqlite:var/crew.db
pools:
  work:
    handlers: ${handlersPath}
    queues: [default]
`);

const damage = (name: string) => damages.find((d) => d.name === name)!;

// Runs the command; returns its exit code and stderr, checked to be one line without a stack.
async function crew(args: string[], file: string, dir: string) {
  const run = await runCrew(['-c', file, ...args], dir);
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, run.stderr);
  if (run.code !== 0) assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  return { code: run.code, said: run.stderr.trimEnd(), out: run.stdout };
}

test('a file that is not a SQLite database is named, with what to do, by every command', async () => {
  const { dir, file } = workspace();
  await seedStore(join(dir, 'var', 'crew.db'), 'default', 10);
  damage('garbage').apply(join(dir, 'var', 'crew.db'));
  const line =
    'crew: var/crew.db is not a SQLite database (file is not a database); move it aside or restore it';
  for (const args of [['queues'], ['enqueue', 'default', 'noop'], ['failed', 'list']]) {
    assert.deepEqual(await crew(args, file, dir), { code: 5, said: line, out: '' }, args[0]);
  }
});

test('a store damaged past its header fails the command that touches the damage, in one line', async () => {
  const { dir, file } = workspace();
  await seedStore(join(dir, 'var', 'crew.db'), 'default', 100);
  damage('overwritten-pages').apply(join(dir, 'var', 'crew.db'));
  const enqueued = await crew(['enqueue', 'default', 'noop'], file, dir);
  assert.equal(enqueued.code, 5);
  assert.match(
    enqueued.said,
    /^crew: var\/crew\.db is damaged \(database disk image is malformed\); move it aside or restore it/,
  );
  for (const args of [['queues'], ['failed', 'list']]) {
    const run = await crew(args, file, dir);
    if (run.code !== 0) assert.match(run.said, /^crew: var\/crew\.db is damaged/);
  }
});

test('a full disk refuses enqueue in one line, keeps the store readable, and takes jobs once freed', async (t) => {
  const { dir, file } = workspace();
  const disk = mountSmallDisk(join(dir, 'var'), 1024 * 1024);
  if ('skipped' in disk) {
    if (process.env.CI === 'true') assert.fail(disk.skipped);
    console.log(`skipped: ${disk.skipped}`);
    return t.skip(disk.skipped);
  }
  let held: ReturnType<typeof openSqlite> | null = null;
  try {
    assert.equal((await crew(['enqueue', 'default', 'noop', '--count', '5'], file, dir)).code, 0);
    // Another process holds the store open, as `crew up` does.
    held = openSqlite(join(dir, 'var', 'crew.db'));
    held.prepare('SELECT COUNT(*) FROM jobs').get();
    disk.fill(16 * 1024);
    const big = JSON.stringify({ pad: 'x'.repeat(64 * 1024) });
    const refused = await crew(['enqueue', 'default', 'noop', big], file, dir);
    assert.equal(refused.code, 5);
    assert.match(
      refused.said,
      /^crew: the disk holding var\/crew\.db is full \((database or disk is full|disk I\/O error)\); nothing was written/,
    );
    const counts = await crew(['queues', '--json'], file, dir);
    assert.equal(counts.code, 0);
    assert.equal(JSON.parse(counts.out).queues[0].ready, 5);
    assert.equal((await crew(['failed', 'list'], file, dir)).code, 0);
    held.close();
    held = null;
    // With no process holding it, SQLite cannot even create the shared-memory file it reads
    // through: the command says so.
    const alone = await crew(['queues'], file, dir);
    if (alone.code !== 0) assert.match(alone.said, /^crew: the disk holding var\/crew\.db is full/);
    disk.free();
    assert.equal((await crew(['enqueue', 'default', 'noop', big], file, dir)).code, 0);
    assert.equal(JSON.parse((await crew(['queues', '--json'], file, dir)).out).queues[0].ready, 6);
  } finally {
    held?.close();
    disk.unmount();
  }
});
