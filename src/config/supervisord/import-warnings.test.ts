import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { importSupervisord } from './import.js';

const root = mkdtempSync(join(tmpdir(), 'crew-import-warnings-'));
after(() => rmSync(root, { recursive: true, force: true }));
let cases = 0;

// Imports the text and returns its warnings as `line: message`.
function warningsOf(text: string): string[] {
  const dir = join(root, `case-${++cases}`);
  mkdirSync(dir);
  const file = join(dir, 'f.conf');
  writeFileSync(file, text);
  return importSupervisord(file, {}).warnings.map((w) => {
    assert.equal(w.file, file);
    return `${w.line}: ${w.message}`;
  });
}

const quiet = 'command=a\nstdout_logfile=/dev/stdout\nstderr_logfile=/dev/stderr\n';

describe('importSupervisord warns, with lines, about what it cannot carry over', () => {
  it('nothing for a program crew can run as supervisord did', () => {
    assert.deepEqual(
      warningsOf(
        `[program:a]\n${quiet}stdout_events_enabled=false\nserverurl=AUTO\nstdout_capture_maxbytes=0\n`,
      ),
      [],
    );
  });

  it('program keys crew does not support', () => {
    const text = `[program:a]\n${quiet}user=www-data\numask=022\nnumprocs_start=1\nstdout_events_enabled=true\nstderr_syslog=true\nserverurl=http://127.0.0.1:9001\nstderr_capture_maxbytes=1MB\n`;
    assert.deepEqual(warningsOf(text), [
      '5: [program:a] user: user=www-data is not imported: crew runs every program as the user crew itself runs as',
      "6: [program:a] umask: umask=022 is not imported: crew does not set a umask; programs inherit crew's",
      '7: [program:a] numprocs_start: crew numbers processes from 0, not 1',
      '8: [program:a] stdout_events_enabled: stdout_events_enabled=true is not imported: crew emits no supervisor events',
      '9: [program:a] stderr_syslog: stderr_syslog=true is not imported: crew does not write to syslog',
      '10: [program:a] serverurl: serverurl=http://127.0.0.1:9001 is not imported: crew has no XML-RPC server',
      '11: [program:a] stderr_capture_maxbytes: stderr_capture_maxbytes=1MB is not imported: crew has no capture mode',
    ]);
  });

  it('keys supervisord itself ignores, hinting at environment= for upper-case ones', () => {
    assert.deepEqual(warningsOf(`[program:a]\n${quiet}PYTHONPATH='/opt/lib'\nrestart=always\n`), [
      `5: [program:a] pythonpath: supervisord ignores "PYTHONPATH", which is not a program setting; keys are lower-cased, so this does not set the PYTHONPATH environment variable (use environment=PYTHONPATH="...")`,
      '6: [program:a] restart: supervisord ignores "restart", which is not a program setting',
    ]);
  });

  it('duplicate keys, and a signal crew cannot send', () => {
    assert.deepEqual(
      warningsOf(`[program:a]\n${quiet}startsecs=0\nstopsignal=WINCH\nstartsecs=3\n`),
      [
        '6: [program:a] stopsignal: crew stops with TERM, HUP, INT, QUIT, KILL, USR1, USR2 only; WINCH became TERM',
        '7: startsecs is set again; this line wins over line 5',
      ],
    );
  });

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

  it('a program priority that its group overrides, and a program in two groups', () => {
    const text = `[group:g]\nprograms=a\npriority=10\n[group:h]\nprograms=a\n[program:a]\n${quiet}priority=5\n`;
    assert.deepEqual(warningsOf(text), [
      '5: [group:h] programs: supervisord runs "a" in both [group:g] and [group:h]; crew puts it in g only',
      "10: [program:a] priority: crew orders pools by one priority; used [group:g]'s 10, not 5",
    ]);
  });

  it('sections crew does not import, and names crew cannot use', () => {
    const text = `[eventlistener:mem]\ncommand=memmon\nevents=TICK_60\n[fcgi-program:f]\ncommand=f\n[programs:typo]\ncommand=x\n[program:a@b]\n${quiet}`;
    assert.deepEqual(warningsOf(text), [
      '1: [eventlistener:mem]: not imported: crew has no event listeners (supervisord events are not emitted)',
      '4: [fcgi-program:f]: not imported: crew does not run FastCGI programs on a shared socket',
      '6: [programs:typo] is not a section supervisord knows, so it ignores it; so does crew',
      '8: [program:a@b]: crew pool names must start with a letter or digit and hold only letters, digits, _ . -; "a@b" is imported as "a-b"',
    ]);
  });

  it('[supervisord] settings that reached every program', () => {
    assert.deepEqual(warningsOf('[supervisord]\nuser=root\numask=077\nuser=app\n'), [
      "3: [supervisord] umask: crew does not set a umask; programs inherit crew's",
      '4: user is set again; this line wins over line 2',
      '4: [supervisord] user: supervisord ran every program as app; crew runs them as the user it runs as',
    ]);
    assert.deepEqual(warningsOf('[supervisord]\nuser=root\n'), []);
  });
});
