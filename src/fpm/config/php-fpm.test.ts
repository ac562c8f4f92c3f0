// crew's reader against the real php-fpm 8.2: for crafted configs, the corpus and Debian's
// pool.d, `php-fpm -tt` and crew must agree that a config starts or is refused (and on the line,
// when php-fpm names one), and for a config that starts, on every pool's settings as php-fpm
// dumps them. php-fpm also checks the machine (users, log directories); a refusal for that alone
// is shown, not failed: crew's reader does not look at the machine. Skipped, with the reason,
// without php-fpm8.2; failed instead under CI.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { corpusDir, corpusMissing } from '../../config/test-support/corpus.js';
import { readFpmConfig } from './read-config.js';
import { serversideupEnv } from './test-support/fpm-corpus.js';
import { fpmCases } from './test-support/fpm-t-cases.js';
import { type FpmVerdict, phpFpmSkip, phpFpmTest } from './test-support/php-fpm-t.js';
import type { FpmConfig, FpmPool } from './types.js';

const skip = phpFpmSkip();
const root = process.getuid?.() === 0;
const HOST_ONLY = [
  /cannot get [ug]id for (user|group)/,
  /Unable to create or open slowlog/,
  /does not exist or is not a directory/,
  /failed to open (error_log|access log)/,
];

const text = (value: string | null) => value ?? 'undefined';
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

// The settings of `pool` as php-fpm -tt prints them.
function dumped(pool: FpmPool): Record<string, string> {
  const settings: Record<string, string> = {
    pm: text(pool.pm),
    'pm.max_children': String(pool.maxChildren),
    'pm.start_servers': String(pool.startServers),
    'pm.min_spare_servers': String(pool.minSpareServers),
    'pm.max_spare_servers': String(pool.maxSpareServers),
    'pm.max_spawn_rate': String(pool.maxSpawnRate),
    'pm.process_idle_timeout': String(pool.processIdleTimeoutMs / 1000),
    'pm.max_requests': String(pool.maxRequests),
    'pm.status_listen': text(pool.statusListen),
    'ping.path': text(pool.pingPath),
    'ping.response': text(pool.pingResponse),
    listen: text(pool.listen),
    'listen.owner': text(pool.listenOwner),
    'listen.group': text(pool.listenGroup),
    'listen.mode': text(pool.listenMode),
    group: text(pool.group),
    slowlog: text(pool.slowlog),
    request_terminate_timeout: `${pool.requestTerminateTimeoutMs / 1000}s`,
    request_slowlog_timeout: `${pool.requestSlowlogTimeoutMs / 1000}s`,
    catch_workers_output: yesNo(pool.catchWorkersOutput),
    decorate_workers_output: yesNo(pool.decorateWorkersOutput),
    clear_env: yesNo(pool.clearEnv),
  };
  if (pool.statusPath !== null) settings['pm.status_path'] = pool.statusPath;
  for (const [name, map] of [
    ['env', pool.env],
    ['php_value', pool.phpValues],
    ['php_admin_value', pool.phpAdminValues],
  ] as const) {
    for (const [key, value] of map) settings[`${name}[${key}]`] = value;
  }
  return settings;
}

// Asserts that crew and php-fpm agree on `config`.
function agree(config: FpmConfig, fpm: FpmVerdict, what: string): void {
  const said = `${what}\nphp-fpm said:\n${fpm.messages.join('\n')}\ncrew said:\n${config.errors.map((e) => `${e.line}: ${e.message}`).join('\n')}`;
  if (
    !fpm.ok &&
    config.errors.length === 0 &&
    fpm.messages.some((m) => HOST_ONLY.some((r) => r.test(m)))
  ) {
    console.log(`${what}: php-fpm refused only for this machine: ${fpm.messages.join(' / ')}`);
    return;
  }
  assert.equal(config.errors.length === 0, fpm.ok, said);
  if (!fpm.ok) {
    const line = fpm.messages.map((m) => /^ERROR: \[[^\]]*:(\d+)\]/.exec(m)?.[1]).find(Boolean);
    if (line)
      assert.ok(
        config.errors.some((e) => e.line === Number(line)),
        said,
      );
    return;
  }
  const names = [...fpm.sections.keys()].filter((name) => name !== 'global');
  assert.deepEqual(
    config.pools.map((pool) => pool.name),
    names,
    said,
  );
  for (const pool of config.pools) {
    const section = fpm.sections.get(pool.name);
    const fromFpm = Object.fromEntries(
      Object.keys(dumped(pool)).map((key) => [key, section?.get(key)]),
    );
    assert.deepEqual(dumped(pool), fromFpm, `${said}\npool [${pool.name}]`);
  }
}

describe('crew reads php-fpm configs as php-fpm 8.2 -t does', { skip }, () => {
  const scratch = configDir('crew-fpm-t-');
  mkdirSync(join(scratch.dir, 'log'), { recursive: true });
  const read = (file: string, env: Record<string, string> = {}) =>
    readFpmConfig(file, { env, root, prefix: scratch.dir });

  for (const [index, crafted] of fpmCases.entries()) {
    test(crafted.name, () => {
      const file = scratch.write(
        `case-${index}.conf`,
        crafted.text.replaceAll('{user}', root ? 'user = nobody\n' : ''),
      );
      agree(read(file, crafted.env), phpFpmTest(file, scratch.dir, crafted.env), crafted.name);
    });
  }

  test('the corpus', { skip: corpusMissing ?? false }, () => {
    for (const name of readdirSync(join(corpusDir, 'php-fpm')).sort()) {
      const file = join(corpusDir, 'php-fpm', name);
      agree(read(file, serversideupEnv), phpFpmTest(file, scratch.dir, serversideupEnv), name);
    }
    const laradock = join(corpusDir, 'php-fpm', 'laradock__laradock__php-fpm_xlaravel.pool.conf');
    const main = scratch.write(
      'laradock.conf',
      `[www]\n${root ? 'user = nobody\n' : ''}include = ${laradock}\n`,
    );
    agree(read(main), phpFpmTest(main, scratch.dir), 'laradock after [www]');
  });

  test("Debian's pool.d, beside a [global] of our own", () => {
    const main = scratch.write(
      'debian.conf',
      `[global]\nerror_log = ${scratch.dir}/log/debian.log\ninclude = /etc/php/8.2/fpm/pool.d/*.conf\n`,
    );
    const config = read(main);
    assert.deepEqual(
      config.pools.map((pool) => pool.name),
      ['www'],
    );
    agree(config, phpFpmTest(main, scratch.dir), 'pool.d/*.conf');
  });
});
