import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Handler } from '../control/methods.js';
import { parseParams } from '../control/params.js';
import type { CrewEvents } from '../events/crew-events.js';
import { createEmitter } from '../events/typed-emitter.js';
import { createMemoryHistory } from '../memory/history.js';
import type { Sample } from '../memory/sample.js';
import { createEventRing } from './event-ring.js';
import { createObserveHandlers } from './handlers.js';
import {
  MiB,
  pools,
  processes,
  queues,
  sampleCluster,
  sampleOverview,
  scaling,
  statsReport,
  T0,
} from './test-support/overview-fixture.js';

const noSink = { data: () => {}, onClose: () => {} };

describe('the overview', () => {
  it('sums each pool from its processes, counts states, and takes the autoscaler’s figures', () => {
    const overview = sampleOverview();
    assert.deepEqual(overview.pools[0], {
      name: 'payments',
      group: 'queues',
      target: 2,
      desired: 3,
      shortfall: 1,
      states: { RUNNING: 3 },
      pss_bytes: 55 * MiB,
      rss_bytes: 90 * MiB,
      max_memory_bytes: 128 * MiB,
    });
    assert.deepEqual(overview.pools[1], {
      name: 'dashboard',
      group: null,
      target: 1,
      desired: 1,
      shortfall: 0,
      states: { BACKOFF: 1 },
      pss_bytes: 0,
      rss_bytes: 0,
      max_memory_bytes: null,
    });
    assert.equal(overview.budget_bytes, 400 * MiB);
    assert.deepEqual(overview.container, statsReport.container);
    assert.equal(overview.queues[0]?.oldest_wait_ms, 7200);
    assert.equal(overview.queues[0]?.target_wait_ms, 5000);
    assert.deepEqual(overview.scaling[0], {
      pool: 'payments',
      min: 1,
      max: 4,
      needed: 4,
      wanted: 5,
      desired: 3,
      shortfall: 1,
      pinned: false,
    });
  });
});

describe('the observe handlers', () => {
  const events = createEmitter<CrewEvents>();
  const ring = createEventRing(events, { now: () => T0 });
  const history = createMemoryHistory();
  const calls: unknown[] = [];
  const status: Handler<'status'> = async (params) => {
    calls.push(params);
    return { processes };
  };
  let sampled: ((sample: Sample) => void) | null = null;
  let now = T0;
  const handlers = createObserveHandlers({
    onSample: (listener) => {
      sampled = listener;
      return () => {};
    },
    status,
    stats: async () => statsReport,
    pools: () => pools,
    queues: async () => queues,
    scaling: () => scaling,
    events: ring,
    history: (options) => history.read(options),
    now: () => now,
    readiness: () => ({ pools: [], sourcesDown: [] }),
    cluster: () => sampleCluster(),
  });

  it('overview lists every process through the status handler, with the recent events', async () => {
    events.emit('pool:scale', { pool: 'payments', from: 1, to: 2, reason: 'crew scale' });
    const overview = await handlers.overview({}, noSink);
    assert.deepEqual(calls, [{ selector: 'all' }]);
    assert.deepEqual(overview.processes, processes);
    assert.deepEqual(
      overview.events.map((e) => e.type),
      ['pool:scale'],
    );
    assert.equal(overview.last_event_id, 1);
    assert.equal(overview.at, new Date(T0).toISOString());
  });

  it('memory_history reads the history at the asked resolution since a time', async () => {
    for (let s = 0; s < 3; s++) {
      history.record({
        at: T0 + s * 1000,
        container: null,
        crew: { pssBytes: 1, rssBytes: 1, ussBytes: 1, swapBytes: 0 },
        processes: [],
      });
    }
    const all = await handlers.memory_history({}, noSink);
    assert.equal(all.resolution, '1s');
    assert.equal(all.at.length, 3);
    const since = await handlers.memory_history({ since: T0 + 1000 }, noSink);
    assert.deepEqual(since.at, [T0 + 1000, T0 + 2000]);
    const minutes = await handlers.memory_history({ resolution: '1m' }, noSink);
    assert.equal(minutes.at.length, 1);
  });

  it('memory_history carries the queues recorded at each sample and overview read', async () => {
    const sample = (at: number): Sample => ({
      at,
      container: null,
      crew: { pssBytes: 1, rssBytes: 1, ussBytes: 1, swapBytes: 0 },
      processes: [],
    });
    sampled?.(sample(T0 + 10_000));
    sampled?.(sample(T0 + 11_000));
    now = T0 + 12_000;
    await handlers.overview({}, noSink);
    // Each sample's read of the queues settles on its own; the history holds them after.
    await new Promise((resolve) => setImmediate(resolve));
    const all = await handlers.memory_history({}, noSink);
    // T0: the first test's overview read.
    assert.deepEqual(all.queues?.at, [T0, T0 + 10_000, T0 + 11_000, T0 + 12_000]);
    assert.deepEqual(all.queues?.queues.payments?.ready, [12, 12, 12, 12]);
    assert.deepEqual(all.queues?.queues['router-checks']?.oldest_wait_ms, [0, 0, 0, 0]);
    const since = await handlers.memory_history({ since: T0 + 11_500 }, noSink);
    assert.deepEqual(since.queues?.at, [T0 + 12_000]);
  });

  it('reads since from a query string, and refuses a bad resolution or since', () => {
    const parse = (raw: unknown) => parseParams('memory_history', raw);
    assert.throws(() => parse({ resolution: '1h' }), { code: 'CREW_USAGE' });
    assert.throws(() => parse({ since: 'yesterday' }), { code: 'CREW_USAGE' });
    assert.deepEqual(parse({ since: '5' }), { resolution: '1s', since: 5 });
    assert.deepEqual(parse({}), { resolution: '1s' });
  });

  it('queues answers each report with snake_case keys', async () => {
    const { queues: answered } = await handlers.queues({}, noSink);
    assert.deepEqual(Object.keys(answered[0] ?? {}), [
      'queue',
      'source',
      'pools',
      'ready',
      'delayed',
      'reserved',
      'failed',
      'oldest_wait_ms',
      'arrivals_per_sec',
      'completions_per_sec',
      'totals',
      'target_wait_ms',
    ]);
  });
});
