// New and delayed jobs start when they can, not at the next poll: every worker here polls every
// two minutes, so only a wake-up (the store's watch, a due-time timer) can start them in time.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../queue/open-store.js';
import { queueOn } from '../queue/producer.js';
import { drained, workerBench } from './test-support/workers.js';

const POLL_MS = 120_000;

for (const kind of ['sqlite', 'postgres'] as const) {
  test(`${kind}: an idle worker starts a job another process adds at once`, {
    timeout: 60_000,
  }, async (t) => {
    const bench = await workerBench(t, kind);
    if (!bench) return;
    const file = join(bench.dir, 'ran');
    bench.start({ pollMs: POLL_MS });
    // The first job may be taken by the worker's first claim; once it is done (its completion
    // deleted by the claim that then found nothing) the worker sleeps.
    await queueOn(bench.store).add('default', 'record', { file, id: 'first' });
    await drained(bench.store, ['default']);
    // Another process's handle, as an app's producer would open it.
    const producer = await openStore(bench.storeUrl);
    t.after(() => producer.close());
    const added = Date.now();
    await queueOn(producer).add('default', 'record', { file, id: 'second' });
    await drained(bench.store, ['default'], 30_000);
    const second = bench.lines(file).find((line) => line.startsWith('second '));
    assert.ok(second, 'the second job ran');
    // Started well before a poll would have come (a generous bound for a loaded machine).
    assert.ok(Number(second.split(' ')[4]) - added < 20_000);
  });

  test(`${kind}: a delayed job starts when it falls due`, { timeout: 60_000 }, async (t) => {
    const bench = await workerBench(t, kind);
    if (!bench) return;
    const file = join(bench.dir, 'ran');
    bench.start({ pollMs: POLL_MS });
    await queueOn(bench.store).add('default', 'record', { file, id: 'first' });
    await drained(bench.store, ['default']);
    const added = Date.now();
    await queueOn(bench.store).add('default', 'record', { file, id: 'later' }, { delayMs: 1500 });
    await drained(bench.store, ['default'], 30_000);
    const line = bench.lines(file).find((l) => l.startsWith('later '));
    assert.ok(line, 'the delayed job ran');
    const started = Number(line.split(' ')[4]);
    // Never early (available_at is whole seconds, rounded up: due 1.5–2.5 s after the add).
    assert.ok(started - added >= 1500, `started ${started - added} ms after the add`);
  });
}
