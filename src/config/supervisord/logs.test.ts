import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-logs-');
after(() => fixture.cleanup());
const { importText, warningsOf } = fixture;

describe('stdout_logfile and stderr_logfile become logs', () => {
  it('output supervisord kept in AUTO files, discarded or sent to syslog', () => {
    assert.deepEqual(warningsOf('[program:a]\ncommand=a\n'), [
      '1: [program:a]: stdout and stderr are AUTO (unset): supervisord wrote them to files in childlogdir; crew prints them on its own stdout/stderr',
    ]);
    assert.deepEqual(
      warningsOf('[program:a]\ncommand=a\nredirect_stderr=true\nstdout_logfile=NONE\n'),
      [
        '4: [program:a] stdout_logfile: stdout is NONE: supervisord discarded it; crew prints it on its own stdout/stderr',
      ],
    );
  });

  it('log files crew keeps differently', () => {
    const text =
      '[program:a]\ncommand=a\nnumprocs=2\nprocess_name=a%(process_num)d\nstdout_logfile=/var/log/a.log\nstderr_logfile=/var/log/a.err\nstderr_logfile_backups=1\n';
    assert.deepEqual(warningsOf(text), [
      '5: [program:a] stdout_logfile: all 2 processes would write to one file; add {name} to logs.file',
      '6: [program:a] stderr_logfile: crew rotates both files by stdout_logfile_maxbytes and _backups',
    ]);
    assert.deepEqual(
      warningsOf(
        '[program:a]\ncommand=a\nredirect_stderr=true\nstdout_logfile=/dev/stdout\nstderr_logfile=/var/log/a.err\n',
      ),
      [
        '5: [program:a] stderr_logfile: ignored because redirect_stderr=true (supervisord ignores it too)',
      ],
    );
    assert.deepEqual(
      warningsOf(
        '[program:a]\ncommand=a\nstdout_logfile=/dev/stdout\nstderr_logfile=/var/log/a.err\n',
      ),
      [
        "4: [program:a] stderr_logfile: crew cannot keep a stderr file while stdout goes to crew's own stdout; crew prints stderr on its own stderr",
      ],
    );
  });

  it('maps files: stderr merged, separate or the same file; sizes and backups kept', () => {
    const logsOf = (keys: string) => fixture.onlyPool(`[program:a]\ncommand=a\n${keys}`).logs;
    assert.deepEqual(
      logsOf('stdout_logfile=/l/a.log\nredirect_stderr=true\nstdout_logfile_maxbytes=0\n'),
      {
        kind: 'file',
        stdout: '/l/a.log',
        stderr: null,
        maxBytes: 0,
        backups: 10,
      },
    );
    assert.deepEqual(
      logsOf(
        'stdout_logfile=/l/a.log\nstderr_logfile=/l/a.err\nstdout_logfile_backups=2\nstderr_logfile_backups=2\n',
      ),
      {
        kind: 'file',
        stdout: '/l/a.log',
        stderr: '/l/a.err',
        maxBytes: 50 * 1024 ** 2,
        backups: 2,
      },
    );
    assert.deepEqual(logsOf('stdout_logfile=/l/a.log\nstderr_logfile=/l/a.log\n'), {
      kind: 'file',
      stdout: '/l/a.log',
      stderr: null,
      maxBytes: 50 * 1024 ** 2,
      backups: 10,
    });
    assert.deepEqual(logsOf('stdout_logfile=/dev/fd/1\nstderr_logfile=/dev/fd/2\n'), {
      kind: 'stdout',
    });
  });

  it('turns per-process paths into {name} or {num}', () => {
    const { pools, warnings } = importText(
      '[program:w]\ncommand=w\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)02d\nstdout_logfile=/l/%(program_name)s_%(process_num)02d.log\nstderr_logfile=/l/%(program_name)s-%(process_num)02d.err\n',
    );
    const logs = pools[0]?.logs;
    assert.deepEqual(logs?.kind === 'file' && [logs.stdout, logs.stderr], [
      '/l/{name}.log',
      '/l/{pool}-{num}.err',
    ]);
    assert.deepEqual(
      warnings.map((w) => `${w.line}: ${w.message}`),
      ['6: [program:w] stderr_logfile: %(process_num)02d became {num}'],
    );
  });
});
