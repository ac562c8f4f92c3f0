import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCrewMetrics } from './metrics.js';
import { fpmFamilies } from './test-support/fpm-fixture.js';
import { MiB, sampleCluster, sampleOverview } from './test-support/overview-fixture.js';
import { parsePrometheus, sampleValue } from './test-support/prometheus.js';

describe('/metrics', () => {
  it('names every metric by Prometheus conventions, with its type and labels', async () => {
    const metrics = createCrewMetrics();
    metrics.countExit('payments', 'exited');
    metrics.countExit('payments', 'exited');
    metrics.countExit('dashboard', 'signaled');
    const families = parsePrometheus(await metrics.render(sampleOverview(), sampleCluster()));
    const expected: [string, string, string[]][] = [
      ['crew_process_memory_pss_bytes', 'GAUGE', ['pool', 'process']],
      ['crew_process_memory_rss_bytes', 'GAUGE', ['pool', 'process']],
      ['crew_container_memory_usage_bytes', 'GAUGE', []],
      ['crew_container_memory_limit_bytes', 'GAUGE', []],
      ['crew_budget_bytes', 'GAUGE', []],
      ['crew_budget_used_bytes', 'GAUGE', []],
      ['crew_daemon_memory_pss_bytes', 'GAUGE', []],
      ['crew_queue_ready_jobs', 'GAUGE', ['queue']],
      ['crew_queue_delayed_jobs', 'GAUGE', ['queue']],
      ['crew_queue_reserved_jobs', 'GAUGE', ['queue']],
      ['crew_queue_failed_jobs', 'GAUGE', ['queue']],
      ['crew_queue_oldest_wait_seconds', 'GAUGE', ['queue']],
      ['crew_jobs_total', 'COUNTER', ['queue', 'outcome']],
      ['crew_jobs_stalled_total', 'COUNTER', ['queue']],
      ['crew_process_exits_total', 'COUNTER', ['pool', 'reason']],
      ['crew_pool_processes', 'GAUGE', ['pool', 'state']],
      ['crew_pool_desired_processes', 'GAUGE', ['pool']],
      ['crew_pool_shortfall_processes', 'GAUGE', ['pool']],
      ['crew_desired_hosts', 'GAUGE', []],
      ['crew_cluster_hosts', 'GAUGE', []],
      // Without FPM pools, help and type only (values: metrics-fpm.test.ts).
      ...fpmFamilies,
    ];
    assert.deepEqual([...families.keys()].sort(), expected.map(([name]) => name).sort());
    for (const [name, type, labels] of expected) {
      const family = families.get(name)!;
      assert.equal(family.type, type, name);
      assert.ok(family.help.length > 0, `${name} has help`);
      for (const sample of family.metrics) {
        assert.deepEqual(Object.keys(sample.labels ?? {}).sort(), [...labels].sort(), name);
      }
    }
  });

  it('reports the overview’s values, summing a recycled process with its replacement', async () => {
    const families = parsePrometheus(
      await createCrewMetrics().render(sampleOverview(), sampleCluster()),
    );
    const value = (name: string, labels = {}) => sampleValue(families.get(name), labels);
    assert.equal(value('crew_process_memory_pss_bytes', { process: 'payments_00' }), 20 * MiB);
    assert.equal(value('crew_process_memory_pss_bytes', { process: 'payments_01' }), 35 * MiB);
    assert.equal(value('crew_process_memory_rss_bytes', { process: 'payments_01' }), 50 * MiB);
    assert.equal(
      value('crew_process_memory_pss_bytes', { process: 'dashboard_00' }),
      undefined,
      'a process that is not up has no memory series',
    );
    assert.equal(value('crew_container_memory_usage_bytes'), 300 * MiB);
    assert.equal(value('crew_container_memory_limit_bytes'), 512 * MiB);
    assert.equal(value('crew_budget_bytes'), 400 * MiB);
    assert.equal(value('crew_budget_used_bytes'), 300 * MiB);
    assert.equal(value('crew_desired_hosts'), 3);
    assert.equal(value('crew_cluster_hosts'), 2);
    assert.equal(value('crew_queue_ready_jobs', { queue: 'payments' }), 12);
    assert.equal(value('crew_queue_oldest_wait_seconds', { queue: 'payments' }), 7.2);
    assert.equal(value('crew_queue_oldest_wait_seconds', { queue: 'router-checks' }), 0);
    assert.equal(value('crew_queue_failed_jobs', { queue: 'router-checks' }), undefined);
    assert.equal(value('crew_jobs_total', { queue: 'payments', outcome: 'completed' }), 120);
    assert.equal(value('crew_jobs_total', { queue: 'router-checks' }), undefined);
    assert.equal(value('crew_jobs_stalled_total', { queue: 'payments' }), 2);
    assert.equal(value('crew_jobs_total', { queue: 'payments', outcome: 'stalled' }), undefined);
    assert.equal(value('crew_pool_processes', { pool: 'payments', state: 'RUNNING' }), 3);
    assert.equal(value('crew_pool_processes', { pool: 'payments', state: 'FATAL' }), 0);
    assert.equal(value('crew_pool_processes', { pool: 'dashboard', state: 'BACKOFF' }), 1);
    assert.equal(
      families.get('crew_pool_processes')?.metrics.length,
      2 * 8,
      'every state (DRAINING too), per pool',
    );
    assert.equal(value('crew_pool_desired_processes', { pool: 'payments' }), 3);
    assert.equal(value('crew_pool_desired_processes', { pool: 'dashboard' }), 1);
    assert.equal(value('crew_pool_shortfall_processes', { pool: 'payments' }), 1);
  });

  it('counts exits across scrapes and drops series that are gone', async () => {
    const metrics = createCrewMetrics();
    metrics.countExit('payments', 'exited');
    const first = parsePrometheus(await metrics.render(sampleOverview()));
    metrics.countExit('payments', 'exited');
    const noBudget = sampleOverview({ budget_bytes: null, container: null, processes: [] });
    const second = parsePrometheus(await metrics.render(noBudget));
    const exits = { pool: 'payments', reason: 'exited' };
    assert.equal(sampleValue(first.get('crew_process_exits_total'), exits), 1);
    assert.equal(sampleValue(second.get('crew_process_exits_total'), exits), 2);
    assert.equal(second.has('crew_budget_bytes'), false);
    assert.equal(second.has('crew_container_memory_usage_bytes'), false);
    assert.equal(second.get('crew_process_memory_pss_bytes')?.metrics.length ?? 0, 0);
    const third = parsePrometheus(await metrics.render(sampleOverview()));
    assert.equal(sampleValue(third.get('crew_budget_bytes')), 400 * MiB, 'and back again');
  });
});
