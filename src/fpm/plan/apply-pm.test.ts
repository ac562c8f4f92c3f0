// A plan written into php-fpm files: planned, applied, read again. The pool then holds the
// recommended values, php-fpm would start with it, and every other line (comments, other
// pools, settings already right) is byte for byte as it was.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { corpusDir, corpusSkip } from '../../config/test-support/corpus.js';
import { readFpmConfig } from '../config/read-config.js';
import { serversideupEnv } from '../config/test-support/fpm-corpus.js';
import type { FpmConfig, FpmPool } from '../config/types.js';
import { applyFpmPlan } from './apply-pm.js';
import { fpmCurrentOf } from './current-pool.js';
import type { FpmPlan, FpmPlanInput } from './recommend-pm.js';
import { recommendPm } from './recommend-pm.js';
import { diffLines } from './test-support/line-diff.js';
import { burstyLoad, busyLoad, idleLoad, leakingChildren, MiB } from './test-support/loads.js';

const dir = configDir('crew-fpm-plan-');

// Debian's pool.d/www.conf, shortened: the pm lines and their comments as Debian ships them.
const WWW_CONF = `; Start a new pool named 'www'.
[www]

; Unix user/group of processes
user = www-data
group = www-data

listen = /run/php/php8.2-fpm.sock
listen.owner = www-data
listen.group = www-data

; Choose how the process manager will control the number of child processes.
pm = dynamic

; The number of child processes to be created when pm is set to 'static' and the
; maximum number of child processes when pm is set to 'dynamic' or 'ondemand'.
pm.max_children = 5

; The number of child processes created on startup.
pm.start_servers = 2

; The desired minimum number of idle server processes.
pm.min_spare_servers = 1

; The desired maximum number of idle server processes.
pm.max_spare_servers = 3

; The number of seconds after which an idle process will be killed.
;pm.process_idle_timeout = 10s;

; The number of requests each child process should execute before respawning.
;pm.max_requests = 500

ping.path = /ping
`;

type Shape = Omit<FpmPlanInput, 'current'>;
const shapes: Record<string, Shape> = {
  busy: { memory: { masterBytes: 8 * MiB, childBytes: 45 * MiB }, roomBytes: 400 * MiB, load: busyLoad, children: [] },
  idle: { memory: null, roomBytes: null, load: idleLoad, children: [] },
  bursty: { memory: null, roomBytes: null, load: burstyLoad, children: leakingChildren },
};

const poolNamed = (config: FpmConfig, name: string): FpmPool => {
  const pool = config.pools.find((candidate) => candidate.name === name);
  assert.ok(pool, `no pool ${name}`);
  return pool;
};

function planFor(config: FpmConfig, poolName: string, shape: Shape): FpmPlan {
  const current = fpmCurrentOf(poolNamed(config, poolName));
  assert.ok(current);
  return recommendPm({ current, ...shape });
}

// The settings the plan recommends, as a read pool holds them.
function recommended(pool: FpmPool, plan: FpmPlan): Record<string, number | string | null> {
  const of = (p: FpmPool | FpmPlan) => ({
    pm: p.pm,
    'pm.max_children': p.maxChildren,
    'pm.start_servers': p.startServers,
    'pm.min_spare_servers': p.minSpareServers,
    'pm.max_spare_servers': p.maxSpareServers,
    'pm.max_requests': p.maxRequests,
    'pm.process_idle_timeout': p.processIdleTimeoutMs,
  });
  const keys = plan.settings.map((s) => s.key);
  const pick = (all: Record<string, number | string | null>) =>
    Object.fromEntries(keys.map((key) => [key, all[key] ?? null]));
  return { pool: JSON.stringify(pick(of(pool))), plan: JSON.stringify(pick(of(plan))) };
}

interface Applied {
  readonly before: FpmConfig;
  readonly after: FpmConfig;
  readonly plan: FpmPlan;
  readonly text: string;
}

// Writes `text`, plans `poolName` for `shape`, applies the plan and reads the result again.
function planApplyReread(
  name: string,
  text: string,
  poolName: string,
  shape: Shape,
  env: Record<string, string> = {},
): Applied {
  const file = dir.write(name, text);
  const before = readFpmConfig(file, { env, root: false });
  assert.deepEqual(before.errors, []);
  const plan = planFor(before, poolName, shape);
  const changed = applyFpmPlan(before, new Map([[file, text]]), plan);
  assert.deepEqual([...changed.keys()], changed.size === 0 ? [] : [file]);
  const edited = changed.get(file) ?? text;
  writeFileSync(file, edited);
  const after = readFpmConfig(file, { env, root: false });
  assert.deepEqual(after.errors, []);
  const values = recommended(poolNamed(after, poolName), plan);
  assert.equal(values.pool, values.plan);
  return { before, after, plan, text: edited };
}

// Only the lines of the planned settings changed, and a setting already right kept its line.
function assertOnlyPlannedLines(original: string, applied: Applied, poolName: string): void {
  const keys = applied.plan.settings.map((s) => s.key);
  const old = poolNamed(applied.before, poolName).entries;
  const now = poolNamed(applied.after, poolName).entries;
  const removed = keys.flatMap((key) => {
    const was = old.get(key)?.position.raw;
    return was !== undefined && was !== now.get(key)?.position.raw ? [was] : [];
  });
  const added = keys.flatMap((key) => {
    const is = now.get(key)?.position.raw;
    return is !== undefined && is !== old.get(key)?.position.raw ? [is] : [];
  });
  const diff = diffLines(original, applied.text);
  assert.deepEqual(diff.removed.sort(), removed.sort());
  assert.deepEqual(diff.added.sort(), added.sort());
}

describe("Debian's www.conf", () => {
  test('bursty: the spares rewritten in place, max_requests added after the pm lines', () => {
    const applied = planApplyReread('bursty.conf', WWW_CONF, 'www', shapes.bursty as Shape);
    const want = WWW_CONF.replace('pm.max_children = 5', 'pm.max_children = 10')
      .replace('pm.start_servers = 2', 'pm.start_servers = 3')
      .replace('pm.max_spare_servers = 3\n', 'pm.max_spare_servers = 6\npm.max_requests = 100\n');
    assert.equal(applied.text, want);
  });

  test("idle: ondemand, the spares left as written, the default idle timeout not added", () => {
    const applied = planApplyReread('idle.conf', WWW_CONF, 'www', shapes.idle as Shape);
    const want = WWW_CONF.replace('pm = dynamic', 'pm = ondemand')
      .replace('pm.max_children = 5', 'pm.max_children = 2')
      .replace('pm.max_spare_servers = 3\n', 'pm.max_spare_servers = 3\npm.max_requests = 500\n');
    assert.equal(applied.text, want);
  });

  test('busy, with CRLF line endings: static, capped by the budget, the endings kept', () => {
    const crlf = WWW_CONF.replaceAll('\n', '\r\n');
    const applied = planApplyReread('busy.conf', crlf, 'www', shapes.busy as Shape);
    const want = crlf
      .replace('pm = dynamic', 'pm = static')
      .replace('pm.max_children = 5', 'pm.max_children = 8')
      .replace('pm.max_spare_servers = 3\r\n', 'pm.max_spare_servers = 3\r\npm.max_requests = 500\r\n');
    assert.equal(applied.text, want);
  });

  test('a plan already written changes no file', () => {
    const file = dir.write('same.conf', WWW_CONF);
    const config = readFpmConfig(file, { env: {}, root: false });
    const applied = planApplyReread('again.conf', WWW_CONF, 'www', shapes.bursty as Shape);
    const again = readFpmConfig(dir.write('again.conf', applied.text), { env: {}, root: false });
    const replan = planFor(again, 'www', shapes.bursty as Shape);
    assert.equal(applyFpmPlan(again, new Map([[again.files[0] as string, applied.text]]), replan).size, 0);
    assert.throws(
      () => applyFpmPlan(config, new Map([[file, WWW_CONF]]), { ...replan, pool: 'nope' }),
      (error: Error & { code?: string }) => error.code === 'CREW_POOL_NOT_FOUND',
    );
  });

  test('a pool in an included file: only that file changes', () => {
    const pool = dir.write('www-included.conf', WWW_CONF);
    const main = dir.write('php-fpm.conf', `[global]\n; the pools\ninclude = ${pool}\n`);
    const config = readFpmConfig(main, { env: {}, root: false });
    assert.deepEqual(config.errors, []);
    const plan = planFor(config, 'www', shapes.idle as Shape);
    const texts = new Map([main, pool].map((file) => [file, readFileSync(file, 'utf8')]));
    const changed = applyFpmPlan(config, texts, plan);
    assert.deepEqual([...changed.keys()], [pool]);
  });
});

describe('real pools of the corpus', { skip: corpusSkip }, () => {
  const files: [string, string, Record<string, string>?][] = [
    ['Pixilib__GaelO__php-fpm.conf', 'www'],
    ['TrafeX__docker-php-nginx__config_fpm-pool.conf', 'www'],
    ['joglomedia__LEMPer__etc_php_8.3_fpm_pool.d_lemper.conf', 'lemper'],
    ['mailcow__mailcow-dockerized__data_conf_phpfpm_php-fpm.d_pools.conf', 'web-worker'],
    ['DataDog__dd-trace-php__appsec_tests_integration_src_docker_fpm-common_www.conf', 'www'],
    [
      'serversideup__docker-php__src_php-fpm.d_usr_local_etc_php-fpm.d_docker-php-serversideup-pool.conf',
      'www',
      serversideupEnv,
    ],
  ];
  for (const [name, poolName, env] of files) {
    for (const [shapeName, shape] of Object.entries(shapes)) {
      test(`${name} [${poolName}], ${shapeName}`, () => {
        const original = readFileSync(join(corpusDir, 'php-fpm', name), 'utf8');
        const applied = planApplyReread(`${shapeName}-${name}`, original, poolName, shape, env);
        assert.notEqual(applied.text, original);
        assertOnlyPlannedLines(original, applied, poolName);
      });
    }
  }
});
