// What php-fpm refuses in a pool once its files are read, each at the line concerned (or at the
// pool's header when the setting is missing). php-fpm 8.2 -t refused or accepted each of these.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configDir } from '../../config/test-support/config-dir.js';
import { readFpmConfig } from './read-config.js';

const dir = configDir('crew-fpm-checks-');
const HEAD = '[www]\nuser = nobody\nlisten = 9000\n';

function errorsOf(body: string, root = true): string[] {
  const config = readFpmConfig(dir.writeNext(body), { env: {}, root, prefix: dir.dir });
  return config.errors.map((issue) => `${issue.line}: ${issue.message}`);
}

describe('pool checks', () => {
  const refused: [string, string, string][] = [
    [
      'no pm',
      `${HEAD}pm.max_children = 3\n`,
      '1: pool [www] has no pm; add pm = dynamic (or static, ondemand)',
    ],
    [
      'no pm.max_children',
      `${HEAD}pm = static\n`,
      '1: pool [www] has no pm.max_children; add one, such as pm.max_children = 5',
    ],
    [
      'pm.max_children = -5',
      `${HEAD}pm = static\npm.max_children = -5\n`,
      '5: pm.max_children must be 1 or more',
    ],
    [
      'pm.max_children empty',
      `${HEAD}pm = static\npm.max_children =\n`,
      '5: pm.max_children must be 1 or more',
    ],
    [
      'dynamic without spares',
      `${HEAD}pm = dynamic\npm.max_children = 10\n`,
      '1: pool [www] has no pm.min_spare_servers, which pm = dynamic needs; add pm.min_spare_servers = 1 or more',
    ],
    [
      'spares above max_children',
      `${HEAD}pm = dynamic\npm.max_children = 5\npm.min_spare_servers = 2\npm.max_spare_servers = 7\n`,
      '7: pm.min_spare_servers (2) and pm.max_spare_servers (7) cannot exceed pm.max_children (5)',
    ],
    [
      'max spare below min spare',
      `${HEAD}pm = dynamic\npm.max_children = 10\npm.min_spare_servers = 4\npm.max_spare_servers = 3\n`,
      '7: pm.max_spare_servers (3) is below pm.min_spare_servers (4)',
    ],
    [
      'start_servers above max spare',
      `${HEAD}pm = dynamic\npm.max_children = 10\npm.min_spare_servers = 2\npm.max_spare_servers = 7\npm.start_servers = 8\n`,
      '8: pm.start_servers (8) must be from pm.min_spare_servers (2) to pm.max_spare_servers (7)',
    ],
    [
      'max_spawn_rate 0',
      `${HEAD}pm = dynamic\npm.max_children = 10\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_spawn_rate = 0\n`,
      '8: pm.max_spawn_rate must be 1 or more',
    ],
    [
      'ondemand idle 0',
      `${HEAD}pm = ondemand\npm.max_children = 10\npm.process_idle_timeout = 0\n`,
      '6: pm.process_idle_timeout (0s) must be 1s or more with pm = ondemand',
    ],
    [
      'status path without /',
      `${HEAD}pm = static\npm.max_children = 1\npm.status_path = status\n`,
      '6: the status path "status" must start with /',
    ],
    [
      'status path /',
      `${HEAD}pm = static\npm.max_children = 1\npm.status_path = /\n`,
      '6: the status path "/" is too short; write one such as /status',
    ],
    [
      'ping path with ?',
      `${HEAD}pm = static\npm.max_children = 1\nping.path = /p?x\n`,
      '6: the ping path "/p?x" may hold only letters, digits and / _ - . ~',
    ],
    [
      'empty ping.response',
      `${HEAD}pm = static\npm.max_children = 1\nping.path = /p\nping.response =\n`,
      '7: ping.response is empty',
    ],
    [
      'slowlog timeout without slowlog',
      `${HEAD}pm = static\npm.max_children = 1\nrequest_slowlog_timeout = 5s\n`,
      '6: request_slowlog_timeout needs slowlog = FILE',
    ],
    [
      'process.priority 30',
      `${HEAD}pm = static\npm.max_children = 1\nprocess.priority = 30\n`,
      '6: process.priority must be from -19 to 20',
    ],
    [
      'no listen',
      '[www]\nuser = nobody\npm = static\npm.max_children = 1\n',
      '1: pool [www] has no listen address; add listen = /run/php/php-fpm.sock or listen = 9000',
    ],
    [
      'two pools on one address',
      `${HEAD}pm = static\npm.max_children = 1\n[b]\nuser = nobody\nlisten = 9000\npm = static\npm.max_children = 1\n`,
      '8: listen = 9000 is already the listen address of pool [www]',
    ],
    [
      'status_listen on a pool address',
      `${HEAD}pm = static\npm.max_children = 1\npm.status_listen = 9000\n`,
      '6: pm.status_listen = 9000 is already the listen address of pool [www]',
    ],
    [
      'no user as root',
      '[www]\nlisten = 9000\npm = static\npm.max_children = 1\n',
      '1: pool [www] has no user, and php-fpm running as root refuses that; add user = www-data',
    ],
    [
      'no pool',
      '[global]\nlog_level = debug\n',
      '1: no pool is defined; php-fpm needs at least one pool section, such as [www]',
    ],
    [
      'log_limit 511',
      `log_limit = 511\n${HEAD}pm = static\npm.max_children = 1\n`,
      '1: log_limit must be 512 or more',
    ],
    [
      'events.mechanism kqueue',
      `events.mechanism = kqueue\n${HEAD}pm = static\npm.max_children = 1\n`,
      '1: events.mechanism = kqueue is not available on Linux; write epoll',
    ],
    [
      'process.max -1',
      `process.max = -1\n${HEAD}pm = static\npm.max_children = 1\n`,
      '1: process.max must be 0 (no limit) or more',
    ],
  ];
  for (const [what, body, error] of refused) {
    test(`refused: ${what}`, () => assert.deepEqual(errorsOf(body), [error]));
  }

  const accepted: [string, string][] = [
    [
      'dynamic without start_servers',
      `${HEAD}pm = dynamic\npm.max_children = 10\npm.min_spare_servers = 2\npm.max_spare_servers = 7\n`,
    ],
    [
      'start_servers equal to max_children',
      `${HEAD}pm = dynamic\npm.max_children = 3\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.start_servers = 3\n`,
    ],
    ['an empty status path', `${HEAD}pm = static\npm.max_children = 1\npm.status_path =\n`],
    [
      'ping.response without ping.path',
      `${HEAD}pm = static\npm.max_children = 1\nping.response = x\n`,
    ],
    [
      'a port php-fpm -t does not check',
      '[www]\nuser = nobody\nlisten = 99999\npm = static\npm.max_children = 1\n',
    ],
    [
      'spare servers with static',
      `${HEAD}pm = static\npm.max_children = 1\npm.min_spare_servers = 9\n`,
    ],
    ['log_limit 512', `log_limit = 512\n${HEAD}pm = static\npm.max_children = 1\n`],
  ];
  for (const [what, body] of accepted) {
    test(`accepted: ${what}`, () => assert.deepEqual(errorsOf(body), []));
  }

  test('no user is fine when php-fpm does not run as root', () => {
    assert.deepEqual(
      errorsOf('[www]\nlisten = 9000\npm = static\npm.max_children = 1\n', false),
      [],
    );
  });

  test('a port out of range is a warning: php-fpm -t accepts it, starting fails', () => {
    const file = dir.writeNext(
      '[www]\nuser = nobody\nlisten = 99999\npm = static\npm.max_children = 1\n',
    );
    const config = readFpmConfig(file, { env: {}, root: true });
    assert.match(config.warnings[0]?.message ?? '', /"99999" is not a port from 1 to 65535/);
  });
});
