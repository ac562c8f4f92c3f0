// supervisord files that would crash, hang or flood `crew import` — a field width of a hundred
// million, an include of /dev/zero or a FIFO, a file including itself, a 1 MB line, binary bytes,
// numbers crew cannot run — are refused (or read once) with a mistake at file:line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isCrewError } from '../../errors/crew-error.js';
import { importSupervisord } from './import.js';
import { createImportFixture } from './test-support/import-fixture.js';

const fixture = createImportFixture('crew-import-limits-');
after(() => fixture.cleanup());

const quiet = 'stdout_logfile=/dev/stdout\nredirect_stderr=true\n';

// The CREW_IMPORT_INVALID details of importing `file`, as `file:line: message` lines.
function refusal(file: string): string[] {
  try {
    importSupervisord(file, {});
  } catch (error) {
    if (!isCrewError(error) || error.code !== 'CREW_IMPORT_INVALID') throw error;
    return [...error.details];
  }
  assert.fail(`${file} was imported`);
}

describe('crew import refuses what it cannot bound', () => {
  it('refuses a field width of a hundred million instead of building the string', () => {
    const file = fixture.writeCase(
      `[program:a]\ncommand=sleep 1\n${quiet}numprocs=2\nprocess_name=%(program_name)s_%(process_num)099999999d\n`,
    );
    assert.deepEqual(refusal(file), [
      `${file}:6: [program:a] process_name: "%(process_num)099999999d" pads to 99999999 characters; crew allows at most 99 (as {num:099})`,
    ]);
  });

  it('refuses an include of a device or a FIFO at the include line, without reading it', () => {
    const file = fixture.writeCase('[include]\nfiles = /dev/zero\n[program:a]\ncommand=x\n');
    assert.deepEqual(refusal(file), [
      `${file}:2: included /dev/zero is a character device, not a regular file; crew includes regular files only`,
    ]);
    const withFifo = fixture.writeCase('[include]\nfiles = conf.d/*.conf\n');
    const fifo = join(withFifo, '../conf.d/pipe.conf');
    execFileSync('mkdir', ['-p', join(fifo, '..')]);
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(refusal(withFifo), [
      `${withFifo}:2: included ${fifo} is a FIFO, not a regular file; crew includes regular files only`,
    ]);
  });

  it('reads a file that includes itself once, with a warning', () => {
    const { files, pools, warnings } = fixture.importText(
      `[include]\nfiles = *.conf\n[program:a]\ncommand=x\n${quiet}`,
    );
    assert.equal(files.length, 1);
    assert.deepEqual(
      pools.map((p) => p.name),
      ['a'],
    );
    assert.deepEqual(
      warnings.map((w) => `${w.line}: ${w.message}`),
      [`2: include "*.conf" matches ${files[0]}, the main file; crew reads it once`],
    );
  });

  it('refuses a main file that is too big, a 1 MB line, binary bytes and non-UTF-8 text', () => {
    assert.deepEqual(refusal('/dev/zero'), [
      '/dev/zero:1: the file is larger than 1 MiB, the most crew reads',
    ]);
    const line = fixture.writeCase(`[program:a]\ncommand=sleep ${'x'.repeat(1_000_000)}\n`);
    assert.deepEqual(refusal(line), [
      `${line}:2: the line is 1000014 characters long; crew reads lines of at most 65536`,
    ]);
    const binary = fixture.writeCase('[program:a]\ncommand=x\n\u001b[2J\0\u0007\n');
    assert.deepEqual(refusal(binary), [`${binary}:3: the file holds a NUL byte: it is not text`]);
    const latin1 = fixture.writeCase('');
    writeFileSync(
      latin1,
      Buffer.concat([Buffer.from('[program:a]\n; caf'), Buffer.from([0xe9, 0x0a])]),
    );
    assert.deepEqual(refusal(latin1), [
      `${latin1}:2: the file holds bytes that are not UTF-8 text`,
    ]);
  });

  it('escapes control characters and cuts long text in messages', () => {
    const spaces = `a${' '.repeat(60_000)}b`;
    const file = fixture.writeCase(`[program:a]\ncommand=x\n\u001b[31mred\n${spaces}\n`);
    assert.deepEqual(refusal(file), [
      `${file}:3: \\x1b[31mred is not a key=value line (nor an indented continuation of one)`,
      `${file}:4: a${' '.repeat(56)}... is not a key=value line (nor an indented continuation of one)`,
    ]);
  });

  it('refuses numbers crew.yaml would not take, naming the key', () => {
    const file = fixture.writeCase(
      [
        '[program:a]',
        'command=x',
        'numprocs=5000',
        'process_name=%(program_name)s_%(process_num)d',
        'startsecs=99999999',
        'stopwaitsecs=-1',
        'startretries=99999999999999999999',
        'stdout_logfile=/var/log/a.log',
        'stdout_logfile_backups=1000000',
        'stdout_logfile_maxbytes=-5MB',
        '',
      ].join('\n'),
    );
    assert.deepEqual(refusal(file), [
      `${file}:3: [program:a] numprocs: crew takes at most 1000 processes in one pool, not 5000`,
      `${file}:5: [program:a] startsecs: crew takes at most 2073600 seconds (24 days), not 99999999`,
      `${file}:6: [program:a] stopwaitsecs: crew takes at least 0 seconds, not -1`,
      `${file}:7: [program:a] startretries: 99999999999999999999 is too large`,
      `${file}:9: [program:a] stdout_logfile_backups: crew takes at most 1000 backups, not 1000000`,
      `${file}:10: [program:a] stdout_logfile_maxbytes: "-5MB" is not a size crew can use (0 to 8 PiB)`,
    ]);
  });
});
