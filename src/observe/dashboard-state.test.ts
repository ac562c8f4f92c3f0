// The dashboard's state module (dashboard/state.js, plain browser JavaScript without the DOM),
// run in Node: what it keeps must stay bounded however long a tab is open.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterJson } from '../control/wire/cluster.js';
import type { EventJson } from '../control/wire/event.js';
import type { FpmPoolJson } from '../control/wire/fpm.js';
import type { QueueHistoryJson } from '../control/wire/memory.js';
import type { Overview } from '../control/wire/overview.js';
import { fpmChild, fpmPoolFixture } from './test-support/fpm-fixture.js';
import { sampleCluster, sampleOverview, T0 } from './test-support/overview-fixture.js';

interface History {
  at: number[];
  crew: number[];
  container: (number | null)[];
  pools: Record<string, number[]>;
  processes: Record<string, number[]>;
}
interface State {
  history: History;
  queues: {
    at: number[];
    queues: Record<
      string,
      { ready: (number | null)[]; wait: (number | null)[]; target: (number | null)[] }
    >;
  };
  exits: EventJson[];
  changes: { text: string }[];
  decisions: { at: number; text: string; colour: string }[];
  lastEventId: number;
}
interface StateModule {
  MAX_POINTS: number;
  MAX_QUEUE_POINTS: number;
  MAX_ITEMS: number;
  createState(): State;
  mergeHistory(state: State, fresh: History): void;
  recordQueues(state: State, overview: Overview): void;
  takeOverview(state: State, overview: Overview): void;
  takeEvent(state: State, event: EventJson, colourOf: (pool: string) => string): boolean;
  mergeQueueHistory(state: State, fresh: QueueHistoryJson): void;
  budgetSummary(overview: Overview): [string, string, boolean, string];
  hostsStrip(cluster: ClusterJson | undefined): {
    hosts: { id: string; me: boolean; gone: boolean; text: string; title: string }[];
    desired: string;
  } | null;
  fpmRows(overview: Overview): {
    pool: string;
    fpmPool: string;
    text: string;
    worstCase: string | null;
    title: string;
    problem: string | null;
    children: { pid: number; text: string; title: string; active: boolean }[];
  }[];
}

// A path the compiler does not resolve: the module is JavaScript for the browser.
const path = new URL('../../dashboard/state.js', import.meta.url).href;
const dashboard = (await import(path)) as StateModule;

function historyPoints(from: number, count: number, pools: string[]): History {
  const at = Array.from({ length: count }, (_, i) => T0 + (from + i) * 1000);
  const series = () => at.map((_, i) => from + i);
  return {
    at,
    crew: series(),
    container: at.map(() => null),
    pools: Object.fromEntries(pools.map((pool) => [pool, series()])),
    processes: Object.fromEntries(pools.map((pool) => [pool, at.map(() => 2)])),
  };
}

const exit = (id: number): EventJson => ({
  id,
  at: new Date(T0 + id).toISOString(),
  type: 'process:exit',
  name: 'payments_00',
  pool: 'payments',
  description: 'exit 1 (unexpected) after 1.0s',
});

describe('the dashboard state', () => {
  it('merges /history answers, replacing the still-filling point, padding new pools', () => {
    const state = dashboard.createState();
    dashboard.mergeHistory(state, historyPoints(0, 3, ['payments']));
    // The next answer starts again at the last point held (its bucket was still filling).
    dashboard.mergeHistory(state, historyPoints(2, 3, ['payments', 'mailer']));
    const h = state.history;
    assert.deepEqual(
      h.at,
      [0, 1, 2, 3, 4].map((s) => T0 + s * 1000),
    );
    assert.deepEqual(h.pools.payments, [0, 1, 2, 3, 4]);
    assert.deepEqual(h.pools.mailer, [0, 0, 2, 3, 4]);
    assert.ok(
      h.container.every((v) => Number.isNaN(v)),
      'unknown readings stay gaps',
    );
  });

  it('keeps at most MAX_POINTS of every series however long it runs', () => {
    const state = dashboard.createState();
    for (let from = 0; from < 3 * dashboard.MAX_POINTS; from += 100) {
      dashboard.mergeHistory(state, historyPoints(from, 101, ['payments']));
    }
    const h = state.history;
    assert.equal(h.at.length, dashboard.MAX_POINTS);
    assert.equal(h.pools.payments?.length, dashboard.MAX_POINTS);
    assert.equal(h.processes.payments?.length, dashboard.MAX_POINTS);
    assert.equal(h.at.at(-1), T0 + 3 * dashboard.MAX_POINTS * 1000);
    for (let i = 0; i < dashboard.MAX_QUEUE_POINTS + 10; i++) {
      const at = new Date(T0 + i * 2000).toISOString();
      dashboard.recordQueues(state, sampleOverview({ at }));
    }
    assert.equal(state.queues.at.length, dashboard.MAX_QUEUE_POINTS);
    assert.equal(state.queues.queues.payments?.ready.length, dashboard.MAX_QUEUE_POINTS);
    assert.equal(state.queues.queues.payments?.target.at(-1), 5);
  });

  it('takes each event once, newest first, capped, and marks decisions', () => {
    const state = dashboard.createState();
    for (let id = 1; id <= dashboard.MAX_ITEMS + 20; id++) {
      assert.equal(
        dashboard.takeEvent(state, exit(id), () => 'red'),
        true,
      );
    }
    assert.equal(
      dashboard.takeEvent(state, exit(3), () => 'red'),
      false,
      'seen already',
    );
    assert.equal(state.exits.length, dashboard.MAX_ITEMS);
    assert.equal(state.exits[0]?.id, dashboard.MAX_ITEMS + 20, 'newest first');
    const decision: EventJson = {
      id: 100,
      at: new Date(T0 + 9000).toISOString(),
      type: 'scale:decision',
      pool: 'payments',
      from: 1,
      to: 2,
      reason: 'payments 1→2: oldest job waited 7.2 s > target 5 s',
      decided_at: new Date(T0 + 8000).toISOString(),
    };
    const scale: EventJson = { ...decision, id: 101, type: 'pool:scale', reason: 'autoscaler' };
    dashboard.takeEvent(state, decision, () => 'teal');
    dashboard.takeEvent(state, scale, () => 'teal');
    assert.deepEqual(state.decisions, [
      { at: T0 + 8000, pool: 'payments', to: 2, text: decision.reason, colour: 'teal' },
    ]);
    assert.deepEqual(
      state.changes.map((c) => c.text),
      [decision.reason],
      'the decision is listed once, not again as the scale that carries it out',
    );
  });

  it('fills the queues from /history: only newer points, gaps for queues not reported', () => {
    const state = dashboard.createState();
    const series = (ready: (number | null)[]) => ({
      ready,
      oldest_wait_ms: ready.map((r) => (r === null ? null : r * 1000)),
      target_wait_ms: ready.map((r) => (r === null ? null : 5000)),
    });
    dashboard.mergeQueueHistory(state, {
      at: [T0, T0 + 1000],
      queues: { payments: series([1, 2]) },
    });
    dashboard.mergeQueueHistory(state, {
      at: [T0 + 1000, T0 + 2000, T0 + 3000],
      queues: { payments: series([2, 3, 4]), mail: series([9, 8, 7]) },
    });
    assert.deepEqual(state.queues.at, [T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    assert.deepEqual(state.queues.queues.payments?.ready, [1, 2, 3, 4]);
    assert.deepEqual(state.queues.queues.payments?.wait, [1, 2, 3, 4]);
    assert.deepEqual(state.queues.queues.mail?.ready, [null, null, 8, 7]);
    dashboard.mergeQueueHistory(state, { at: [T0 + 4000], queues: { mail: series([6]) } });
    assert.deepEqual(state.queues.queues.payments?.ready, [1, 2, 3, 4, null]);
    assert.deepEqual(state.queues.queues.payments?.target.at(-2), 5);
  });

  it('shows budget used in the words of crew stats and crew top', () => {
    const overview = sampleOverview();
    assert.deepEqual(dashboard.budgetSummary(overview), [
      'budget used',
      '300 MiB of 400 MiB (75%)',
      false,
      'pools 182 MiB + crew 18 MiB + other 100 MiB (scope container)',
    ]);
  });

  it('starts counting events again after the daemon restarted', () => {
    const state = dashboard.createState();
    dashboard.takeEvent(state, exit(40), () => 'red');
    dashboard.takeOverview(state, sampleOverview({ last_event_id: 2 }));
    assert.equal(
      dashboard.takeEvent(state, exit(1), () => 'red'),
      true,
    );
  });
});

describe('the dashboard hosts strip', () => {
  it('shows every host on a shared store, live ones first, and the hosts the work wants', () => {
    const cluster = sampleCluster();
    const gone = { ...cluster.hosts[1]!, id: 'cccccc', hostname: 'web-c', state: 'gone' as const };
    const strip = dashboard.hostsStrip({ ...cluster, hosts: [gone, ...cluster.hosts] })!;
    assert.deepEqual(
      strip.hosts.map((h) => [h.text, h.me, h.gone]),
      [
        ['web-aaaaaa (this) · 250/400 MiB · payments 4', true, false],
        ['web-bbbbbb · 250/400 MiB · payments 4', false, false],
        ['web-c · 250/400 MiB · payments 4', false, true],
      ],
    );
    assert.equal(
      strip.desired,
      '3 wanted, 2 live: payments wants 10 processes in all, at most 4 a host: 3 hosts',
    );
    assert.match(strip.hosts[0]!.title, /^aaaaaa: crew 0\.1\.0, pid 7, heartbeat 0\.8 s ago$/);
  });

  it('is hidden without a shared store, or from a daemon without the cluster view', () => {
    assert.equal(dashboard.hostsStrip({ ...sampleCluster(), shared_store: false }), null);
    assert.equal(dashboard.hostsStrip(undefined), null);
  });
});

// [www] with 4 children, one of them not measured and one answering crew's read.
function fpmPool(overrides: Partial<FpmPoolJson> = {}): FpmPoolJson {
  return fpmPoolFixture({
    children: [
      fpmChild(4101, 'Running', 57, 38.2),
      fpmChild(4102, 'Reading headers', 12, 36),
      fpmChild(4103, 'Idle', 60, null),
      { ...fpmChild(4104, 'Running', 9, 37), serving_crew: true },
    ],
    ...overrides,
  });
}

describe('the dashboard PHP-FPM strip', () => {
  it('shows each FPM pool in the words of crew status, its worst case and its children', () => {
    const rows = dashboard.fpmRows(sampleOverview({ fpm: [fpmPool()] }));
    assert.deepEqual(rows, [
      {
        pool: 'web',
        fpmPool: 'www',
        text: 'php-fpm [www] dynamic — active 3/10 · idle 2 · queue 0 · max children reached 4 · slow 0',
        worstCase: 'worst case 10 × 38 MiB + master = 402 MiB',
        title: 'master 22 MiB; pm.max_children at /etc/php/8.2/fpm/pool.d/www.conf:113',
        problem: null,
        children: [
          {
            pid: 4101,
            text: '4101 running · 57 requests · PSS 38 MiB',
            title: 'last request 12 ms, 2 MiB, 4.5% CPU',
            active: true,
          },
          {
            pid: 4102,
            text: '4102 reading headers · 12 requests · PSS 36 MiB',
            title: 'last request 12 ms, 2 MiB, 4.5% CPU',
            active: true,
          },
          {
            pid: 4103,
            text: '4103 idle · 60 requests · PSS ?',
            title: 'last request 12 ms, 2 MiB, 4.5% CPU',
            active: false,
          },
          {
            pid: 4104,
            text: '4104 running · 9 requests · PSS 37 MiB',
            title: "answering crew's reading of the status page (counted idle)",
            active: false,
          },
        ],
      },
    ]);
  });

  it('shows why the status page does not answer, and leaves out what is not known', () => {
    const down = fpmPool({
      fpm_pool: 'api',
      pm: 'static',
      status: null,
      problem: 'connect ECONNREFUSED /run/php/api.sock',
      children: [],
      master_pss_bytes: null,
      child_p95_bytes: null,
      worst_case_bytes: null,
    });
    const noSlowlog = fpmPool({ status: { ...fpmPool().status!, slow_requests: null } });
    const rows = dashboard.fpmRows(sampleOverview({ fpm: [noSlowlog, down] }));
    assert.deepEqual(
      rows.map((r) => [r.text, r.worstCase, r.problem, r.title, r.children.length]),
      [
        [
          'php-fpm [www] dynamic — active 3/10 · idle 2 · queue 0 · max children reached 4',
          'worst case 10 × 38 MiB + master = 402 MiB',
          null,
          'master 22 MiB; pm.max_children at /etc/php/8.2/fpm/pool.d/www.conf:113',
          4,
        ],
        [
          'php-fpm [api] static — max children 10',
          null,
          'status page: connect ECONNREFUSED /run/php/api.sock',
          'master ?; pm.max_children at /etc/php/8.2/fpm/pool.d/www.conf:113',
          0,
        ],
      ],
    );
  });

  it('is hidden without FPM pools', () => {
    assert.deepEqual(dashboard.fpmRows(sampleOverview()), []);
    assert.deepEqual(dashboard.fpmRows(sampleOverview({ fpm: [] })), []);
  });
});
