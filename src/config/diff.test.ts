import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDiff, diffConfigs, hashConfig } from './diff.js';
import { deepFreeze } from './normalise.js';
import { poolConfig } from './test-support/pool-config.js';
import type { CrewConfig, PoolConfig } from './types.js';

const pool = poolConfig;

function config(pools: PoolConfig[], socket = '/app/.crew/crew.sock'): CrewConfig {
  return deepFreeze({ file: '/app/crew.yaml', runDir: '/app/.crew', control: { socket }, pools });
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
});
