import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-');
after(() => fixture.cleanup());
const { importText, onlyPool } = fixture;

describe('importSupervisord: one program', () => {
  it("writes supervisord's defaults out in full", () => {
    const { yaml, file } = importText('[program:cat]\ncommand=/bin/cat\n');
    assert.deepEqual(parse(yaml), {
      pools: {
        cat: {
          command: '/bin/cat',
          processes: 1,
          process_name: '{pool}',
          autostart: true,
          autorestart: 'unexpected',
          exitcodes: [0],
          startsecs: '1s',
          startretries: 3,
          stopsignal: 'TERM',
          stop_timeout: '10s',
          kill_tree: false,
          priority: 999,
          logs: 'stdout',
        },
      },
    });
    assert.match(yaml, new RegExp(`# \\[program:cat\\] from ${file}:1\n  cat:\n`));
  });

  it('maps every supported key, in the documented order', () => {
    const { yaml } = importText(
      [
        '[program:queue]',
        'command=php artisan queue:work --queue=default',
        'process_name=%(program_name)s_%(process_num)02d',
        'numprocs=3',
        'directory=/srv/app',
        'environment=APP_ENV="production",QUEUES="a,b"',
        'autostart=false',
        'autorestart=true',
        'exitcodes=0,2',
        'startsecs=0',
        'startretries=5',
        'stopsignal=QUIT',
        'stopwaitsecs=600',
        'stopasgroup=true',
        'killasgroup=true',
        'priority=5',
        'redirect_stderr=true',
        'stdout_logfile=/var/log/%(program_name)s_%(process_num)02d.log',
        'stdout_logfile_maxbytes=1MB',
        'stdout_logfile_backups=3',
      ].join('\n'),
    );
    const pool = parse(yaml).pools.queue;
    assert.deepEqual(Object.keys(pool), [
      'command',
      'processes',
      'process_name',
      'cwd',
      'env',
      'autostart',
      'autorestart',
      'exitcodes',
      'startsecs',
      'startretries',
      'stopsignal',
      'stop_timeout',
      'kill_tree',
      'priority',
      'logs',
    ]);
    assert.deepEqual(pool, {
      command: 'php artisan queue:work --queue=default',
      processes: 3,
      process_name: '{pool}_{num:02}',
      cwd: '/srv/app',
      env: { APP_ENV: 'production', QUEUES: 'a,b' },
      autostart: false,
      autorestart: true,
      exitcodes: [0, 2],
      startsecs: '0s',
      startretries: 5,
      stopsignal: 'QUIT',
      stop_timeout: '600s',
      kill_tree: true,
      priority: 5,
      logs: { file: '/var/log/{name}.log', stderr: null, max_bytes: '1MiB', backups: 3 },
    });
  });

  it('sets kill_tree from either stopasgroup or killasgroup', () => {
    assert.equal(onlyPool('[program:a]\ncommand=a\nkillasgroup=true\n').killTree, true);
    assert.equal(onlyPool('[program:a]\ncommand=a\nstopasgroup=true\n').killTree, true);
    assert.equal(onlyPool('[program:a]\ncommand=a\nstopasgroup=false\n').killTree, false);
  });

  it('reads keys in any case, spaced either way, the last duplicate winning', () => {
    const pool = onlyPool(
      '[program:a]\nCOMMAND = /bin/a\nNumProcs: 2\nprocess_name=%(program_name)s-%(process_num)d\nstartsecs = 0\nstartsecs = 3\n',
    );
    assert.deepEqual(
      [pool.command, pool.processes, pool.processName, pool.startsecs],
      ['/bin/a', 2, '{pool}-{num}', 3],
    );
  });

  it("keeps ; and # that have no whitespace before them, as in nginx's 'daemon off;'", () => {
    const pool = onlyPool(
      "[program:nginx]\ncommand=nginx -g 'daemon off;'   ; the comment\ndirectory=/srv/#1\npriority=30  # after nginx\n",
    );
    assert.deepEqual(
      [pool.command, pool.cwd, pool.priority],
      ["nginx -g 'daemon off;'", '/srv/#1', 30],
    );
  });

  it('joins continuation lines into the command', () => {
    const pool = onlyPool(
      '[program:a]\ncommand=php artisan queue:work\n    --queue=high,low\n    --tries=3\n',
    );
    assert.equal(pool.command, 'php artisan queue:work\n--queue=high,low\n--tries=3');
  });
});
