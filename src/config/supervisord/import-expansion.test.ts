import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-expansion-');
after(() => fixture.cleanup());
const { importText, onlyPool } = fixture;

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

  it('expands %(here)s to the directory of the file the section came from', () => {
    const { pools, dir } = importText(
      '[include]\nfiles=conf.d/*.conf\n',
      {},
      {
        'conf.d/w.conf': '[program:w]\ncommand=%(here)s/run.sh\ndirectory=%(here)s\n',
      },
    );
    assert.equal(pools[0]?.command, `${join(dir, 'conf.d')}/run.sh`);
    assert.equal(pools[0]?.cwd, join(dir, 'conf.d'));
  });

  it('lets [supervisord] environment= and the program environment feed %(ENV_X)s', () => {
    const pool = onlyPool(
      '[supervisord]\nenvironment=BASE="/opt"\n[program:w]\nenvironment=BIN="%(ENV_BASE)s/bin"\ncommand=%(ENV_BIN)s/w\n',
    );
    assert.equal(pool.command, '/opt/bin/w');
    assert.deepEqual(pool.env, { BASE: '/opt', BIN: '/opt/bin' });
  });

  it('expands %(group_name)s to the group, and into a literal in process_name', () => {
    const { pools } = importText(
      '[group:g]\nprograms=w\n[program:w]\ncommand=w --group=%(group_name)s\nprocess_name=%(group_name)s-%(program_name)s\n',
    );
    assert.equal(pools[0]?.command, 'w --group=g');
    assert.equal(pools[0]?.processName, 'g-{pool}');
  });
});
