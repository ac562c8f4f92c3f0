import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { importSupervisord } from './import.js';

const root = mkdtempSync(join(tmpdir(), 'crew-import-'));
after(() => rmSync(root, { recursive: true, force: true }));
let cases = 0;

// Writes supervisord.conf (and any extra files) into a fresh directory and imports it.
function importText(text: string, env: NodeJS.ProcessEnv = {}, extra: Record<string, string> = {}) {
  const dir = join(root, `case-${++cases}`);
  for (const [path, content] of Object.entries({ ...extra, 'supervisord.conf': text })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { dir, file: join(dir, 'supervisord.conf'), ...importSupervisord(join(dir, 'supervisord.conf'), env) };
}

function onlyPool(text: string, env: NodeJS.ProcessEnv = {}) {
  const { pools } = importText(text, env);
  assert.equal(pools.length, 1);
  return pools[0] as NonNullable<(typeof pools)[0]>;
}

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
      'command', 'processes', 'process_name', 'cwd', 'env', 'autostart', 'autorestart', 'exitcodes', 'startsecs',
      'startretries', 'stopsignal', 'stop_timeout', 'kill_tree', 'priority', 'logs',
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
    const pool = onlyPool('[program:a]\nCOMMAND = /bin/a\nNumProcs: 2\nprocess_name=%(program_name)s-%(process_num)d\nstartsecs = 0\nstartsecs = 3\n');
    assert.deepEqual([pool.command, pool.processes, pool.processName, pool.startsecs], ['/bin/a', 2, '{pool}-{num}', 3]);
  });

  it("keeps ; and # that have no whitespace before them, as in nginx's 'daemon off;'", () => {
    const pool = onlyPool(
      "[program:nginx]\ncommand=nginx -g 'daemon off;'   ; the comment\ndirectory=/srv/#1\npriority=30  # after nginx\n",
    );
    assert.deepEqual([pool.command, pool.cwd, pool.priority], ["nginx -g 'daemon off;'", '/srv/#1', 30]);
  });

  it('joins continuation lines into the command', () => {
    const pool = onlyPool('[program:a]\ncommand=php artisan queue:work\n    --queue=high,low\n    --tries=3\n');
    assert.equal(pool.command, 'php artisan queue:work\n--queue=high,low\n--tries=3');
  });
});

describe('importSupervisord: expansion', () => {
  it('expands every %(name)s form and %%', () => {
    const pool = onlyPool(
      '[program:w]\ncommand=run %(program_name)s %(group_name)s %(host_node_name)s %(here)s %(ENV_APP_ENV)s 100%%\n',
      { APP_ENV: 'prod' },
    );
    assert.equal(pool.command, `run w w ${hostname()} ${dirname(pool.file)} prod 100%`);
  });

  it('expands %(ENV_X)s in numprocs and inside quoted environment values', () => {
    const pool = onlyPool(
      '[program:w]\ncommand=w\nnumprocs=%(ENV_WORKERS)s\nprocess_name=%(program_name)s_%(process_num)02d\nenvironment=HOME="/home/%(ENV_APP_USER)s",USER="%(ENV_APP_USER)s"\n',
      { WORKERS: '4', APP_USER: 'app' },
    );
    assert.equal(pool.processes, 4);
    assert.deepEqual(pool.env, { HOME: '/home/app', USER: 'app' });
  });

  it("expands %(here)s to the directory of the file the section came from", () => {
    const { pools, dir } = importText('[include]\nfiles=conf.d/*.conf\n', {}, {
      'conf.d/w.conf': '[program:w]\ncommand=%(here)s/run.sh\ndirectory=%(here)s\n',
    });
    assert.equal(pools[0]?.command, `${join(dir, 'conf.d')}/run.sh`);
    assert.equal(pools[0]?.cwd, join(dir, 'conf.d'));
  });

  it('lets [supervisord] environment= and the program environment feed %(ENV_X)s', () => {
    const pool = onlyPool('[supervisord]\nenvironment=BASE="/opt"\n[program:w]\nenvironment=BIN="%(ENV_BASE)s/bin"\ncommand=%(ENV_BIN)s/w\n');
    assert.equal(pool.command, '/opt/bin/w');
    assert.deepEqual(pool.env, { BASE: '/opt', BIN: '/opt/bin' });
  });

  it('expands %(group_name)s to the group, and into a literal in process_name', () => {
    const { pools } = importText('[group:g]\nprograms=w\n[program:w]\ncommand=w --group=%(group_name)s\nprocess_name=%(group_name)s-%(program_name)s\n');
    assert.equal(pools[0]?.command, 'w --group=g');
    assert.equal(pools[0]?.processName, 'g-{pool}');
  });
});

describe('importSupervisord: groups, includes and other sections', () => {
  it('puts [group:x] members in the group, at the group priority', () => {
    const { pools, groups } = importText('[group:web]\nprograms=nginx, php-fpm\npriority=20\n[program:nginx]\ncommand=nginx\n[program:php-fpm]\ncommand=php-fpm\n[program:cron]\ncommand=cron\n');
    assert.deepEqual(pools.map((pool) => [pool.name, pool.group, pool.priority]), [
      ['nginx', 'web', 20],
      ['php-fpm', 'web', 20],
      ['cron', null, 999],
    ]);
    assert.deepEqual(groups.map((group) => [group.name, group.programs]), [['web', ['nginx', 'php-fpm']]]);
  });

  it('imports programs from included files in sorted order', () => {
    const { pools } = importText('[include]\nfiles = conf.d/*.conf\n', {}, {
      'conf.d/b.conf': '[program:b]\ncommand=b\n',
      'conf.d/a.conf': '[program:a]\ncommand=a\n',
    });
    assert.deepEqual(pools.map((pool) => pool.name), ['a', 'b']);
  });

  it('skips event listeners and FastCGI programs but counts their processes', () => {
    const { pools, skipped } = importText('[eventlistener:mem]\ncommand=memmon\nevents=TICK_60\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n[fcgi-program:f]\ncommand=f\nsocket=unix:///tmp/f.sock\n');
    assert.deepEqual(pools, []);
    assert.deepEqual(skipped.map((s) => [s.kind, s.name, s.processes, s.priority]), [
      ['eventlistener', 'mem', 2, -1],
      ['fcgi-program', 'f', 1, 999],
    ]);
  });

  it('applies [DEFAULT] keys to every section that lacks them', () => {
    const pool = onlyPool('[DEFAULT]\nautostart=false\n[program:a]\ncommand=a\n');
    assert.equal(pool.autostart, false);
  });

  it('ignores the server and client sections silently', () => {
    const { warnings, pools } = importText('[supervisord]\nnodaemon=true\n[supervisorctl]\nserverurl=unix:///tmp/s\n[unix_http_server]\nfile=/tmp/s\n[inet_http_server]\nport=:9001\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = x\n');
    assert.deepEqual([pools, warnings], [[], []]);
  });
});
