import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-warnings-');
after(() => fixture.cleanup());

const { warningsOf } = fixture;

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

  it('values taken from the environment at import time', () => {
    const text = `[program:a]\n${quiet}numprocs=%(ENV_N)s\nprocess_name=%(program_name)s_%(process_num)d\nuser=%(ENV_U)s\ndirectory=/%(ENV_U)s/%(ENV_N)s\n`;
    const { warnings } = fixture.importText(text, { N: '2', U: 'app' });
    assert.deepEqual(
      warnings.map((w) => `${w.line}: ${w.message}`),
      [
        '5: [program:a] numprocs: %(ENV_N)s is replaced by the value now; crew.yaml does not read the variable',
        '7: [program:a] user: user=app is not imported: crew runs every program as the user crew itself runs as',
        '8: [program:a] directory: %(ENV_U)s, %(ENV_N)s are replaced by the value now; crew.yaml does not read the variable',
      ],
    );
  });

  it('two programs whose crew names would be the same', () => {
    const { pools, warnings } = fixture.importText(
      `[program:a-b]\n${quiet}[program:a@b]\n${quiet}`,
    );
    assert.deepEqual(
      pools.map((pool) => [pool.program, pool.name]),
      [
        ['a-b', 'a-b'],
        ['a@b', 'a-b-2'],
      ],
    );
    assert.deepEqual(
      warnings.map((w) => `${w.line}: ${w.message}`),
      [
        '5: [program:a@b]: crew pool names must start with a letter or digit and hold only letters, digits, _ . -; "a@b" is imported as "a-b"',
        '5: [program:a@b]: another program is already imported as "a-b"; this one is "a-b-2"',
      ],
    );
  });
});
