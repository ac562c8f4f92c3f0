import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-sections-');
after(() => fixture.cleanup());
const { importText, onlyPool } = fixture;

describe('importSupervisord: groups, includes and other sections', () => {
  it('puts [group:x] members in the group, at the group priority', () => {
    const { pools, groups } = importText(
      '[group:web]\nprograms=nginx, php-fpm\npriority=20\n[program:nginx]\ncommand=nginx\n[program:php-fpm]\ncommand=php-fpm\n[program:cron]\ncommand=cron\n',
    );
    assert.deepEqual(
      pools.map((pool) => [pool.name, pool.group, pool.priority]),
      [
        ['nginx', 'web', 20],
        ['php-fpm', 'web', 20],
        ['cron', null, 999],
      ],
    );
    assert.deepEqual(
      groups.map((group) => [group.name, group.programs]),
      [['web', ['nginx', 'php-fpm']]],
    );
  });

  it('imports programs from included files in sorted order', () => {
    const { pools } = importText(
      '[include]\nfiles = conf.d/*.conf\n',
      {},
      {
        'conf.d/b.conf': '[program:b]\ncommand=b\n',
        'conf.d/a.conf': '[program:a]\ncommand=a\n',
      },
    );
    assert.deepEqual(
      pools.map((pool) => pool.name),
      ['a', 'b'],
    );
  });

  it('skips event listeners and FastCGI programs but counts their processes', () => {
    const { pools, skipped } = importText(
      '[eventlistener:mem]\ncommand=memmon\nevents=TICK_60\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n[fcgi-program:f]\ncommand=f\nsocket=unix:///tmp/f.sock\n',
    );
    assert.deepEqual(pools, []);
    assert.deepEqual(
      skipped.map((s) => [s.kind, s.name, s.processes, s.priority]),
      [
        ['eventlistener', 'mem', 2, -1],
        ['fcgi-program', 'f', 1, 999],
      ],
    );
  });

  it('applies [DEFAULT] keys to every section that lacks them', () => {
    const pool = onlyPool('[DEFAULT]\nautostart=false\n[program:a]\ncommand=a\n');
    assert.equal(pool.autostart, false);
  });

  it('ignores the server and client sections silently', () => {
    const { warnings, pools } = importText(
      '[supervisord]\nnodaemon=true\n[supervisorctl]\nserverurl=unix:///tmp/s\n[unix_http_server]\nfile=/tmp/s\n[inet_http_server]\nport=:9001\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = x\n',
    );
    assert.deepEqual([pools, warnings], [[], []]);
  });
});
