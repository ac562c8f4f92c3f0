// PHP-FPM pools in /metrics: their series, values and types as promtool checks them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { FpmPoolJson } from '../control/wire/fpm.js';
import { createCrewMetrics } from './metrics.js';
import { fpmChild, fpmFamilies, fpmPoolFixture } from './test-support/fpm-fixture.js';
import { MiB, sampleOverview } from './test-support/overview-fixture.js';
import { parsePrometheus, sampleValue } from './test-support/prometheus.js';

const PROMTOOL = '/usr/bin/promtool';

// Why promtool cannot run here, or false when it can; throws under CI without it.
function promtoolSkipReason(): string | false {
  if (existsSync(PROMTOOL)) return false;
  if (process.env.CI === 'true') {
    throw new Error(`${PROMTOOL} is missing under CI; .ci/run installs Debian's prometheus`);
  }
  const reason = `${PROMTOOL} is missing (apt-get install -y --no-install-recommends prometheus)`;
  process.stdout.write(`# skipping the promtool check: ${reason}\n`);
  return reason;
}

// `promtool check metrics` on the text: its exit status and every line it printed.
function promtoolCheck(text: string): { status: number | null; lines: string[] } {
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(result.error, undefined, String(result.error));
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line !== '');
  return { status: result.status, lines };
}

// `web` runs [www] (slow requests counted) and [api] (FPM without request_slowlog_timeout).
function fpmPools(): FpmPoolJson[] {
  const www = fpmPoolFixture();
  const api: FpmPoolJson = {
    ...www,
    fpm_pool: 'api',
    pm: 'static',
    max_children: 4,
    max_children_at: '/etc/php/8.2/fpm/pool.d/api.conf:9',
    status: {
      ...www.status!,
      accepted_conn: 88,
      listen_queue: 7,
      max_listen_queue: 9,
      idle: 0,
      active: 4,
      total: 4,
      max_children_reached: 2,
      slow_requests: null,
    },
    children: [fpmChild(4201, 'Running', 22, 30)],
    master_pss_bytes: 20 * MiB,
    child_p95_bytes: 30 * MiB,
    worst_case_bytes: 140 * MiB,
  };
  return [www, api];
}

describe('/metrics of PHP-FPM pools', () => {
  it('passes promtool check metrics, counters typed as counters', {
    skip: promtoolSkipReason(),
  }, async () => {
    const text = await createCrewMetrics().render(sampleOverview({ fpm: fpmPools() }));
    const check = promtoolCheck(text);
    assert.deepEqual(
      check.lines.filter((line) => line.includes('crew_fpm_')),
      [],
      'no problem with the FPM metrics',
    );
    assert.equal(check.status, 0, check.lines.join('\n'));
    for (const name of [
      'crew_fpm_accepted_connections_total',
      'crew_fpm_max_children_reached_total',
      'crew_fpm_slow_requests_total',
    ]) {
      assert.ok(text.includes(`\n# TYPE ${name} counter\n`), name);
    }
    // The check can fail: promtool objects to a counter named like a gauge.
    const bad = promtoolCheck(
      '# HELP crew_fpm_bad b\n# TYPE crew_fpm_bad counter\ncrew_fpm_bad 1\n',
    );
    assert.notEqual(bad.status, 0);
    assert.match(bad.lines.join('\n'), /crew_fpm_bad counter metrics should have "_total" suffix/);
  });

  it('reports each FPM pool by crew pool and FPM [pool], with help and types', async () => {
    const text = await createCrewMetrics().render(sampleOverview({ fpm: fpmPools() }));
    const lines = text.split('\n');
    for (const line of [
      'crew_fpm_processes{pool="web",fpm_pool="www",state="active"} 3',
      'crew_fpm_processes{pool="web",fpm_pool="www",state="idle"} 2',
      'crew_fpm_processes{pool="web",fpm_pool="api",state="idle"} 0',
      'crew_fpm_max_children{pool="web",fpm_pool="www"} 10',
      'crew_fpm_listen_queue{pool="web",fpm_pool="api"} 7',
      'crew_fpm_max_listen_queue{pool="web",fpm_pool="www"} 5',
      'crew_fpm_accepted_connections_total{pool="web",fpm_pool="www"} 1234',
      'crew_fpm_max_children_reached_total{pool="web",fpm_pool="api"} 2',
      'crew_fpm_slow_requests_total{pool="web",fpm_pool="www"} 0',
      'crew_fpm_up{pool="web",fpm_pool="www"} 1',
      `crew_fpm_child_pss_bytes{pool="web",fpm_pool="www"} ${38 * MiB}`,
      `crew_fpm_worst_case_bytes{pool="web",fpm_pool="api"} ${140 * MiB}`,
    ]) {
      assert.ok(lines.includes(line), `${line} in\n${text}`);
    }
    const families = parsePrometheus(text);
    for (const [name, type, labels] of fpmFamilies) {
      const family = families.get(name);
      assert.equal(family?.type, type, name);
      assert.ok(family.help.length > 0, `${name} has help`);
      assert.ok(family.metrics.length > 0, `${name} has samples`);
      for (const sample of family.metrics) {
        assert.deepEqual(Object.keys(sample.labels ?? {}).sort(), [...labels].sort(), name);
      }
    }
    assert.equal(families.get('crew_fpm_processes')?.metrics.length, 2 * 2, 'both states a pool');
    assert.equal(
      sampleValue(families.get('crew_fpm_slow_requests_total'), { fpm_pool: 'api' }),
      undefined,
      'no slow requests series where FPM does not count them',
    );
  });

  it('says a pool is down and leaves out what it has not read', async () => {
    const [www] = fpmPools();
    const down: FpmPoolJson = {
      ...www!,
      status: null,
      problem: 'connect ECONNREFUSED /run/php/www.sock',
      children: [],
      master_pss_bytes: null,
      child_p95_bytes: null,
      worst_case_bytes: null,
    };
    const stale: FpmPoolJson = { ...www!, fpm_pool: 'old', problem: 'timed out after 1 s' };
    const families = parsePrometheus(
      await createCrewMetrics().render(sampleOverview({ fpm: [down, stale] })),
    );
    const value = (name: string, fpmPool: string) =>
      sampleValue(families.get(name), { pool: 'web', fpm_pool: fpmPool });
    assert.equal(value('crew_fpm_up', 'www'), 0);
    assert.equal(value('crew_fpm_up', 'old'), 0, 'a last answer, but the page fails now');
    assert.equal(value('crew_fpm_max_children', 'www'), 10);
    for (const name of [
      'crew_fpm_processes',
      'crew_fpm_listen_queue',
      'crew_fpm_accepted_connections_total',
      'crew_fpm_child_pss_bytes',
      'crew_fpm_worst_case_bytes',
    ]) {
      assert.equal(value(name, 'www'), undefined, name);
    }
    assert.equal(value('crew_fpm_accepted_connections_total', 'old'), 1234);
  });

  it('drops the series of an FPM pool that is gone, and FPM counters follow FPM', async () => {
    const metrics = createCrewMetrics();
    const [www, api] = fpmPools();
    await metrics.render(sampleOverview({ fpm: [www!, api!] }));
    // FPM restarted: its counters start again from 0, and crew says what FPM says.
    const restarted: FpmPoolJson = { ...www!, status: { ...www!.status!, accepted_conn: 3 } };
    const one = parsePrometheus(await metrics.render(sampleOverview({ fpm: [restarted] })));
    assert.equal(sampleValue(one.get('crew_fpm_accepted_connections_total')), 3);
    for (const [name] of fpmFamilies) {
      const pools = one.get(name)?.metrics.map((m) => m.labels?.fpm_pool);
      assert.ok(!pools?.includes('api'), `${name} without [api]`);
    }
    const none = parsePrometheus(await metrics.render(sampleOverview()));
    for (const [name] of fpmFamilies) {
      assert.equal(none.get(name)?.metrics.length ?? 0, 0, `${name} without FPM pools`);
    }
  });
});
