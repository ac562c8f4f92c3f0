// Reads every real-world php-fpm file of the shared corpus (never copied here) and compares the
// pools and pm settings with what php-fpm 8.2 -t made of each (corpus/INDEX.md): the same pools,
// the same pm values, a refusal where php-fpm refuses the config itself. Where php-fpm failed
// only on the machine it ran on (a user or a log directory missing), crew's reader, which does
// not look at the machine, accepts; php-fpm.test.ts runs php-fpm on these files too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { corpusDir, corpusMissing, corpusSkip } from '../../config/test-support/corpus.js';
import { readFpmConfig } from './read-config.js';
import { expectedCorpus as expected, serversideupEnv } from './test-support/fpm-corpus.js';
import type { FpmConfig, FpmPool } from './types.js';

const dir = configDir('crew-fpm-corpus-');

// A pool as a line: name pm max_children/start/min/max requests=N idle=Ns status ping listen.
function describePool(pool: FpmPool): string {
  const counts = [pool.maxChildren, pool.startServers, pool.minSpareServers, pool.maxSpareServers];
  const idle = pool.processIdleTimeoutMs / 1000;
  return `[${pool.name}] ${pool.pm} ${counts.join('/')} requests=${pool.maxRequests} idle=${idle}s status=${pool.statusPath} ping=${pool.pingPath} listen=${pool.listen}`;
}

function readRows(): { file: string; notes: string }[] {
  const text = readFileSync(join(corpusDir, 'INDEX.md'), 'utf8');
  const start = text.indexOf('## php-fpm/');
  return text
    .slice(start, text.indexOf('\n## ', start + 1))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      return { file: (cells[1] as string).replaceAll('`', ''), notes: cells[4] as string };
    });
}

const read = (file: string, env: Record<string, string> = {}): FpmConfig =>
  readFpmConfig(file, { env, root: false });

describe('the php-fpm corpus reads as php-fpm 8.2 read it', { skip: corpusSkip }, () => {
  if (corpusMissing) {
    test('needs the corpus in CI', () =>
      assert.fail(`${corpusMissing}; CI must provide shared/corpus`));
    return;
  }
  const rows = readRows();

  test('INDEX.md has a row for every file, and crew an expectation', () => {
    const files = readdirSync(join(corpusDir, 'php-fpm')).sort();
    assert.deepEqual(rows.map((row) => row.file).sort(), files);
    assert.deepEqual(Object.keys(expected).sort(), files);
  });

  for (const row of rows) {
    const want = expected[row.file] ?? {};
    test(`${row.file}: ${want.pools?.length ?? 0} pool(s)${want.refusedAt ? ', refused' : ''}`, () => {
      const config = read(join(corpusDir, 'php-fpm', row.file), want.env);
      if (want.refusedAt) {
        assert.deepEqual(
          config.errors.map((issue) => issue.line),
          want.refusedAt,
        );
        return;
      }
      assert.deepEqual(config.errors, []);
      assert.deepEqual(config.pools.map(describePool), want.pools);
      // The pm words the INDEX names are the pools' pm.
      for (const [, pm] of row.notes.matchAll(/\bpm ?= ?(static|dynamic|ondemand)/g)) {
        assert.ok(
          config.pools.some((pool) => pool.pm === pm),
          `INDEX says pm=${pm}`,
        );
      }
    });
  }

  test('laradock: the header-less file joins the [www] section left open before it', () => {
    const file = join(corpusDir, 'php-fpm', 'laradock__laradock__php-fpm_xlaravel.pool.conf');
    const config = read(dir.write('www.conf', `[www]\ninclude = ${file}\n`));
    assert.deepEqual(config.errors, []);
    assert.deepEqual(config.pools.map(describePool), [
      '[www] dynamic 20/2/1/3 requests=0 idle=10s status=null ping=null listen=0.0.0.0:9000',
    ]);
    const pool = config.pools[0] as FpmPool;
    assert.equal(pool.env.get('DB_1_ENV_MYSQL_USER'), '$DB_1_ENV_MYSQL_USER');
    assert.equal(pool.catchWorkersOutput, true);
    assert.equal(pool.entries.get('pm.max_children')?.position.file, file);
    assert.match(
      config.warnings[0]?.message ?? '',
      /no \[section\] header, so its settings join pool \[www\]/,
    );
  });

  test('serversideup with an empty environment: php-fpm refuses process_control_timeout', () => {
    const config = read(
      join(
        corpusDir,
        'php-fpm',
        'serversideup__docker-php__src_php-fpm.d_usr_local_etc_php-fpm.d_docker-php-serversideup-pool.conf',
      ),
    );
    assert.equal(config.errors[0]?.line, 31);
    assert.match(config.errors[0]?.message ?? '', /^process_control_timeout = "" is empty/);
  });

  test('the values behind the dialect quirks', () => {
    const pool = (name: string) =>
      read(join(corpusDir, 'php-fpm', name), serversideupEnv).pools[0] as FpmPool;
    const laravel57 = pool(
      'DataDog__dd-trace-php__dockerfiles_testing-environment_Laravel57_docker-scripts_php-fpm.conf',
    );
    assert.deepEqual(
      [laravel57.user, laravel57.listenMode, laravel57.env.get('DD_SERVICE')],
      ['www-data', '0660', 'laravel57-php73-synthetic'],
    );
    const appsec = pool(
      'DataDog__dd-trace-php__appsec_tests_integration_src_docker_fpm-common_www.conf',
    );
    assert.deepEqual(
      [
        appsec.env.get('DD_APPSEC_WAF_TIMEOUT'),
        appsec.clearEnv,
        appsec.phpAdminValues.get('log_errors'),
      ],
      ['10001', false, '1'],
    );
    const lemper = pool('joglomedia__LEMPer__etc_php_8.3_fpm_pool.d_lemper.conf');
    assert.equal(lemper.phpValues.get('error_reporting'), '22527');
    const allyson = pool('allysonsilva__laravel-docker__php_configs_fpm_pools_www.conf');
    assert.deepEqual(
      [allyson.statusListen, allyson.pingResponse, allyson.slowlog],
      ['9001', 'fpm-pong', '/usr/local/var/log/php/php-fpm.www.slow.log'],
    );
    assert.match(
      allyson.entries.get('access.format')?.value ?? '',
      /^\{ "datetime_iso8601": "%\{%Y-%m-%dT%H:%M:%S%z\}T".*"cpu_usage": "%C%%"/,
    );
    const obs = pool('joshland__Observium-salt__observium_files_www.obs.php.conf');
    assert.equal(obs.entries.get('listen.acl_users')?.value, 'apache,nginx');
  });
});
