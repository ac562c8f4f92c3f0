import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDiff, diffConfigs, hashConfig, needsRestart } from './diff.js';
import { crewConfig, poolConfig } from './test-support/pool-config.js';
import type { CrewConfig, PoolConfig } from './types.js';

const pool = poolConfig;
const MiB = 1024 ** 2;

function config(pools: PoolConfig[], socket = '/app/.crew/crew.sock'): CrewConfig {
  return crewConfig(pools, { control: { socket } });
}

describe('diffConfigs', () => {
  it('sees every pool as added when there is no previous config', () => {
    const diff = diffConfigs(null, config([pool('payments'), pool('mailer')]));
    assert.deepEqual(
      diff.pools.map((p) => [p.kind, p.name]),
      [
        ['added', 'payments'],
        ['added', 'mailer'],
      ],
    );
    assert.deepEqual(describeDiff(diff), ['+ pool payments', '+ pool mailer']);
  });

  it('tells added, removed, scaled, changed and unchanged pools apart', () => {
    const prev = config([
      pool('payments', { processes: 2 }),
      pool('router-data', { processes: 3 }),
      pool('old'),
      pool('default'),
    ]);
    const next = config([
      pool('payments', { processes: 3 }),
      pool('router-data', { processes: 2, argv: ['php', 'x'], env: { A: '1' } }),
      pool('default'),
      pool('mailer'),
    ]);
    const diff = diffConfigs(prev, next);
    assert.deepEqual(
      diff.pools.map((p) => [p.kind, p.name]),
      [
        ['scaled', 'payments'],
        ['changed', 'router-data'],
        ['unchanged', 'default'],
        ['added', 'mailer'],
        ['removed', 'old'],
      ],
    );
    const changed = diff.pools[1]!;
    assert.equal(changed.kind, 'changed');
    if (changed.kind === 'changed') assert.deepEqual(changed.keys, ['command', 'processes', 'env']);
    assert.deepEqual(describeDiff(diff), [
      'payments: processes 2→3',
      'router-data: changed command, processes 3→2, env',
      '+ pool mailer',
      '- pool old',
    ]);
  });

  it('names changed keys as crew.yaml spells them', () => {
    const prev = config([pool('a')]);
    const next = config([
      pool('a', {
        stopTimeoutMs: 5000,
        killTree: false,
        logs: { kind: 'file', stdout: '/l', stderr: null, maxBytes: 1, backups: 1 },
      }),
    ]);
    assert.deepEqual(describeDiff(diffConfigs(prev, next)), [
      'a: changed stop_timeout, kill_tree, logs',
    ]);
  });

  it('reports nothing for equal configs, and a moved socket', () => {
    const a = config([pool('a', { env: { X: '1', Y: '2' } })]);
    const b = config([pool('a', { env: { Y: '2', X: '1' } })]);
    assert.deepEqual(describeDiff(diffConfigs(a, b)), []);
    const moved = config([pool('a', { env: { X: '1', Y: '2' } })], '/tmp/crew.sock');
    assert.deepEqual(describeDiff(diffConfigs(a, moved)), [
      'control socket moved (takes effect when crew restarts)',
    ]);
  });

  it('says when cluster: changed, which takes effect at the next start', () => {
    const a = crewConfig([pool('a')], {
      cluster: { heartbeatMs: 2000, timeoutMs: 10_000, name: null },
    });
    const b = crewConfig([pool('a')], {
      cluster: { heartbeatMs: 500, timeoutMs: 2000, name: 'web-a' },
    });
    assert.deepEqual(describeDiff(diffConfigs(a, b)), [
      'cluster: heartbeat 2s, timeout 10s → heartbeat 500ms, timeout 2s, name web-a (takes effect when crew restarts)',
    ]);
    assert.deepEqual(describeDiff(diffConfigs(b, crewConfig([pool('a')], { cluster: null }))), [
      'cluster: heartbeat 500ms, timeout 2s, name web-a → off (takes effect when crew restarts)',
    ]);
    assert.notEqual(hashConfig(a), hashConfig(b));
  });

  it('changes recycle and expect_memory in place, without a restart', () => {
    const prev = config([pool('a')]);
    const next = config([
      pool('a', {
        expectMemoryBytes: 45 * MiB,
        recycle: { maxMemoryBytes: 128 * MiB, maxUptimeMs: 3_600_000, exitCodes: [12] },
      }),
    ]);
    const diff = diffConfigs(prev, next);
    assert.deepEqual(describeDiff(diff), ['a: changed expect_memory, recycle']);
    assert.equal(needsRestart(diff.pools[0]!), false);
  });

  it('describes budget and sample_interval changes in words', () => {
    const cases: [Partial<CrewConfig>, Partial<CrewConfig>, string[]][] = [
      [{}, {}, []],
      [
        { budget: { kind: 'bytes', bytes: 400 * MiB } },
        { budget: { kind: 'bytes', bytes: 350 * MiB } },
        ['budget: 400 MiB → 350 MiB'],
      ],
      [{}, { budget: { kind: 'auto' } }, ['budget: none → auto (90% of the cgroup limit)']],
      [
        { budget: { kind: 'percent', percent: 90 } },
        { budget: { kind: 'bytes', bytes: 400 * MiB } },
        ['budget: 90% of the container limit → 400 MiB'],
      ],
      [
        { budget: { kind: 'bytes', bytes: 400 * MiB } },
        { budget: { kind: 'bytes', bytes: 400 * MiB + 1 } },
        ['budget: 419430400 bytes → 419430401 bytes'],
      ],
      [{ sampleIntervalMs: 1000 }, { sampleIntervalMs: 500 }, ['sample_interval: 1s → 500ms']],
      // A new token is said, never shown, nor any part of its hash (a short one could be guessed).
      [
        { http: { host: '127.0.0.1', port: 9099, token: 'tok-one' } },
        { http: { host: '127.0.0.1', port: 9099, token: 'tok-two' } },
        ['http: 127.0.0.1:9099 with a token → 127.0.0.1:9099 with a token (a new token)'],
      ],
      [
        { http: { host: '127.0.0.1', port: 9099, token: null } },
        { http: { host: '127.0.0.1', port: 9099, token: null, eventStreams: 40 } },
        ['http: 127.0.0.1:9099 → 127.0.0.1:9099, 40 event streams'],
      ],
      [{}, { logFormat: 'json' }, ['log_format: text → json']],
      [{ logFormat: 'json' }, { logFormat: 'text' }, ['log_format: json → text']],
      // A version recorded before log_format existed wrote text.
      [{ logFormat: 'text' }, { logFormat: undefined }, []],
    ];
    for (const [before, after, lines] of cases) {
      const prev = crewConfig([pool('a')], before);
      const next = crewConfig([pool('a')], after);
      assert.deepEqual(describeDiff(diffConfigs(prev, next)), lines, JSON.stringify(after));
    }
    const first = diffConfigs(null, crewConfig([], { budget: { kind: 'auto' } }));
    assert.deepEqual(first.settings, []);
  });
});

describe('diffConfigs on autoscaled pools', () => {
  const scaled = (min: number, max: number, downWindowMs = 60_000): Partial<PoolConfig> => ({
    processes: min,
    autoscale: { min, max, upCooldownMs: 5_000, downWindowMs, downCooldownMs: 15_000 },
    targetWaitMs: 10_000,
  });

  it('applies a new range, target_wait or scale: in place, and says what changed', () => {
    const prev = config([pool('a', scaled(1, 4)), pool('b', scaled(1, 4)), pool('c')]);
    const next = config([
      pool('a', scaled(2, 6)),
      pool('b', { ...scaled(1, 4, 120_000), targetWaitMs: 5_000 }),
      pool('c', scaled(1, 3)),
    ]);
    const diff = diffConfigs(prev, next);
    assert.deepEqual(
      diff.pools.map((p) => [p.kind, needsRestart(p)]),
      [
        ['changed', false],
        ['changed', false],
        ['changed', false],
      ],
    );
    assert.deepEqual(describeDiff(diff), [
      'a: changed processes 1..4→2..6',
      'b: changed scale, target_wait',
      'c: changed processes 1→1..3, target_wait',
    ]);
  });
});

describe('hashConfig', () => {
  it('is 12 hex characters, stable across key and pool order, and changes with content', () => {
    const a = config([pool('a', { env: { X: '1', Y: '2' } }), pool('b')]);
    const reordered = config([pool('b'), pool('a', { env: { Y: '2', X: '1' } })]);
    const scaled = config([pool('a', { env: { X: '1', Y: '2' }, processes: 2 }), pool('b')]);
    assert.match(hashConfig(a), /^[0-9a-f]{12}$/);
    assert.equal(hashConfig(a), hashConfig(reordered));
    assert.notEqual(hashConfig(a), hashConfig(scaled));
  });

  it('changes with the budget and the sample interval', () => {
    const plain = crewConfig([pool('a')]);
    const budgeted = crewConfig([pool('a')], { budget: { kind: 'percent', percent: 80 } });
    const faster = crewConfig([pool('a')], { sampleIntervalMs: 500 });
    assert.equal(new Set([plain, budgeted, faster].map(hashConfig)).size, 3);
  });

  it('changes with log_format json, and stays as it was for text (the default)', () => {
    const before = crewConfig([pool('a')], { logFormat: undefined });
    const text = crewConfig([pool('a')], { logFormat: 'text' });
    const json = crewConfig([pool('a')], { logFormat: 'json' });
    assert.equal(hashConfig(text), hashConfig(before));
    assert.notEqual(hashConfig(json), hashConfig(text));
  });
});
